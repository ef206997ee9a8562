// Child process of S3BlobStore.sigkill.test: puts an endless slow stream to a key, printing
// "sent <MiB>" after each MiB, until the test kills it.
import { setTimeout as sleep } from 'node:timers/promises';
import { BlobStore } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { storageS3Plugin } from '../../src/index.js';
import { s3rverOptions } from '../s3Fixture.js';

const [endpoint, bucket, key] = process.argv.slice(2) as [string, string, string];
const MiB = 1024 * 1024;

const kernel = await createTestKernel({
  plugins: [
    storageS3Plugin(s3rverOptions({ endpoint, bucket, stop: async () => {} }, { partSizeBytes: 5 * MiB })),
  ],
});
async function* slow(): AsyncGenerator<Buffer> {
  for (let sent = 1; ; sent++) {
    yield Buffer.alloc(MiB, sent % 256);
    process.stdout.write(`sent ${sent}\n`);
    await sleep(10);
  }
}
await kernel.get(BlobStore).put(key, slow());
process.stdout.write('finished\n');
