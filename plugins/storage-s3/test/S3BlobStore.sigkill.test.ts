import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { buffer as readAll } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { BlobStore } from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';
import { allObjectKeys, rawClient, startS3Kernel } from './s3Fixture.js';
import { sha256Of } from './sha256Of.js';

describe('S3BlobStore when the writer is killed mid-put', () => {
  let s3: S3Server;
  let kernel: TestKernel;
  let raw: S3Client;
  before(async () => {
    s3 = await startS3();
    kernel = await startS3Kernel(s3);
    raw = rawClient(s3);
  });
  after(async () => {
    raw.destroy();
    await kernel.stop();
    await s3.stop();
  });

  it('keeps the old object whole, and lists no temporary entry', async function () {
    this.timeout(60_000);
    const store = kernel.get(BlobStore);
    const old = Buffer.alloc(3 * 1024 * 1024 + 5, 'old ');
    await store.put('models/current.bin', old);

    const script = fileURLToPath(new URL('./children/putSlowly.js', import.meta.url));
    const child = spawn(process.execPath, [script, s3.endpoint, s3.bucket, 'models/current.bin'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      // 20 MiB in 5 MiB parts: a multipart upload of the temporary object is under way.
      if (line === 'sent 20') break;
    }
    child.kill('SIGKILL');
    expect(await exited).to.equal('SIGKILL');
    expect(lines).to.include('sent 20');
    expect(lines).not.to.include('finished');

    const read = await readAll(await store.get('models/current.bin'));
    expect(read.length).to.equal(old.length);
    expect(sha256Of(read)).to.equal(sha256Of(old));
    expect((await store.head('models/current.bin')).sha256).to.equal(sha256Of(old));
    expect((await store.list()).items.map((item) => item.key)).to.deep.equal(['models/current.bin']);
    const leftovers = (await allObjectKeys(raw, s3.bucket)).filter((key) => key !== 'models/current.bin');
    expect(leftovers.filter((key) => !key.startsWith('.mlops-tmp/'))).to.deep.equal([]);
  });
});
