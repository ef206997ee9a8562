// Child process of S3BlobStore.large.test: puts 256 MiB generated on the fly, reads it back, and
// prints one JSON line with the digests and its own peak RSS growth. s3rver runs elsewhere.
import { createHash, randomBytes } from 'node:crypto';
import { buffer as readAll } from 'node:stream/consumers';
import { BlobStore } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { storageS3Plugin } from '../../src/index.js';
import { s3rverOptions } from '../s3Fixture.js';

const [endpoint, bucket] = process.argv.slice(2) as [string, string];
const MiB = 1024 * 1024;
const chunks = 256;

const kernel = await createTestKernel({
  plugins: [storageS3Plugin(s3rverOptions({ endpoint, bucket, stop: async () => {} }))],
});
const store = kernel.get(BlobStore);
// Loads every code path first, so the baseline includes the SDK's own memory.
await store.put('large/warm-up.bin', randomBytes(MiB));
await readAll(await store.get('large/warm-up.bin'));

const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);

const block = randomBytes(MiB);
const written = createHash('sha256');
async function* generated(): AsyncGenerator<Buffer> {
  for (let i = 0; i < chunks; i++) {
    const chunk = Buffer.from(block);
    chunk.writeUInt32BE(i, 0);
    written.update(chunk);
    yield chunk;
  }
}
const info = await store.put('large/256MiB.bin', generated());
const read = createHash('sha256');
let readBytes = 0;
for await (const chunk of await store.get('large/256MiB.bin')) {
  read.update(chunk as Buffer);
  readBytes += (chunk as Buffer).length;
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await kernel.stop();
process.stdout.write(
  `${JSON.stringify({
    written: written.digest('hex'),
    recorded: info.sha256,
    read: read.digest('hex'),
    size: info.size,
    readBytes,
    growthMiB: (peak - baseline) / MiB,
  })}\n`,
);
