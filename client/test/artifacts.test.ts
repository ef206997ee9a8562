import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError } from '../src/index.js';
import { type Platform, rejectionOf, startPlatform } from './startPlatform.js';

const bigSize = 48 * 1024 * 1024;

/** Writes `size` random bytes to `file` in 1 MiB chunks; answers their sha256. */
async function writeRandomFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  async function* chunks() {
    for (let left = size; left > 0; left -= 1 << 20) {
      const chunk = randomBytes(Math.min(left, 1 << 20));
      hash.update(chunk);
      yield chunk;
    }
  }
  await pipeline(Readable.from(chunks()), createWriteStream(file));
  return hash.digest('hex');
}

async function sha256Of(stream: Readable): Promise<{ sha: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha: hash.digest('hex'), bytes };
}

describe('client.artifacts', () => {
  let platform: Platform;
  let runId: string;
  let bigFile: string;
  let bigSha: string;
  before(async () => {
    platform = await startPlatform();
    const exp = await platform.client.experiments.create({ name: 'artifacts' });
    runId = (await platform.client.runs.create({ experiment_id: exp.experiment_id })).run_id;
    bigFile = join(platform.dir, 'big.bin');
    bigSha = await writeRandomFile(bigFile, bigSize);
  });
  after(() => platform.stop());

  it('uploads a 48 MB file by path and downloads it as a stream and to a file, sha256 equal', async () => {
    const { artifacts } = platform.client;
    const entry = await artifacts.upload(runId, 'data/big file.bin', bigFile);
    expect(entry).to.deep.equal({ path: 'data/big file.bin', is_dir: false, size: bigSize });

    const downloaded = await sha256Of(await artifacts.download(runId, 'data/big file.bin'));
    expect(downloaded).to.deep.equal({ sha: bigSha, bytes: bigSize });

    const target = join(platform.dir, 'back.bin');
    expect(await artifacts.downloadToFile(runId, 'data/big file.bin', target)).to.deep.equal({
      bytes: bigSize,
    });
    expect((await sha256Of(createReadStream(target))).sha).to.equal(bigSha);
  });

  it('uploads from a Node stream, a web stream and bytes', async () => {
    const { artifacts } = platform.client;
    await artifacts.upload(runId, 'streamed.bin', createReadStream(bigFile));
    expect((await sha256Of(await artifacts.download(runId, 'streamed.bin'))).sha).to.equal(bigSha);

    const web = Readable.toWeb(createReadStream(bigFile)) as unknown as ReadableStream<Uint8Array>;
    await artifacts.upload(runId, 'web.bin', web);
    expect((await sha256Of(await artifacts.download(runId, 'web.bin'))).sha).to.equal(bigSha);

    const model = Buffer.from(JSON.stringify({ weights: [1, 2, 3] }));
    expect(await artifacts.upload(runId, 'model/weights.json', model)).to.deep.equal({
      path: 'model/weights.json',
      is_dir: false,
      size: model.length,
    });
    const target = join(platform.dir, 'weights.json');
    await artifacts.downloadToFile(runId, 'model/weights.json', target);
    expect(await readFile(target, 'utf8')).to.equal('{"weights":[1,2,3]}');
  });

  it('downloads a byte range', async () => {
    const { artifacts } = platform.client;
    await artifacts.upload(runId, 'abc.txt', Buffer.from('abcdefghij'));
    const part = await sha256Of(await artifacts.download(runId, 'abc.txt', { range: { start: 2, end: 4 } }));
    expect(part).to.deep.equal({ sha: createHash('sha256').update('cde').digest('hex'), bytes: 3 });
    const tail = await artifacts.download(runId, 'abc.txt', { range: { start: 7 } });
    expect((await tail.toArray()).join('')).to.equal('hij');
    const beyond = await rejectionOf(artifacts.download(runId, 'abc.txt', { range: { start: 50 } }));
    expect(beyond).to.be.instanceOf(InvalidArgumentError);
  });

  it('lists and deletes artifacts', async () => {
    const { client } = platform;
    const exp = await client.experiments.create({ name: 'listing' });
    const { run_id } = await client.runs.create({ experiment_id: exp.experiment_id });
    await client.artifacts.upload(run_id, 'a.txt', Buffer.from('a'));
    await client.artifacts.upload(run_id, 'dir/b.txt', Buffer.from('bb'));
    expect(await client.artifacts.list(run_id)).to.deep.equal([
      { path: 'a.txt', is_dir: false, size: 1 },
      { path: 'dir', is_dir: true },
    ]);
    expect(await client.artifacts.list(run_id, 'dir')).to.deep.equal([
      { path: 'dir/b.txt', is_dir: false, size: 2 },
    ]);
    await client.artifacts.delete(run_id, 'dir');
    expect(await client.artifacts.list(run_id)).to.deep.equal([{ path: 'a.txt', is_dir: false, size: 1 }]);
  });

  it('maps a missing artifact or run to NotFoundError and leaves no partial download file', async () => {
    const { artifacts } = platform.client;
    const missing = await rejectionOf(artifacts.download(runId, 'missing.txt'));
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(missing.message).to.equal(`run ${runId} has no artifact "missing.txt"`);
    expect((missing as NotFoundError).details.field).to.equal('path');

    const target = join(platform.dir, 'never.bin');
    expect(await rejectionOf(artifacts.downloadToFile(runId, 'missing.txt', target))).to.be.instanceOf(
      NotFoundError,
    );
    expect(await rejectionOf(stat(target))).to.have.property('code', 'ENOENT');

    const noRun = await rejectionOf(artifacts.upload('nope', 'x.txt', Buffer.from('x')));
    expect(noRun).to.be.instanceOf(NotFoundError);
    expect(noRun.message).to.equal('Run with id=nope not found');
  });
});
