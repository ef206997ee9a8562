import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';

const run = promisify(execFile);

describe('S3BlobStore with a 256 MiB object', () => {
  let s3: S3Server;
  before(async () => {
    s3 = await startS3();
  });
  after(() => s3.stop());

  it('streams it in and out, checked by sha256, without holding it in memory', async function () {
    this.timeout(240_000);
    const child = fileURLToPath(new URL('./children/putAndGetLarge.js', import.meta.url));
    const { stdout } = await run(process.execPath, [child, s3.endpoint, s3.bucket], {
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      written: string;
      recorded: string;
      read: string;
      size: number;
      readBytes: number;
      growthMiB: number;
    };
    expect(result.size).to.equal(256 * 1024 * 1024);
    expect(result.readBytes).to.equal(256 * 1024 * 1024);
    expect(result.recorded).to.equal(result.written);
    expect(result.read).to.equal(result.written);
    // Parts of 8 MiB, 4 in flight: about 32 MiB of buffers, plus copies the SDK makes.
    expect(result.growthMiB, `peak RSS growth ${result.growthMiB.toFixed(1)} MiB`).to.be.below(96);
  });
});
