import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@mlops/client';
import { expect } from 'chai';
import { type CliResult, mlops, type RemoteServer, startRemoteServer } from './remoteServer.js';

/** 300 KiB from a seeded generator (seed 7), so that a failure can be replayed byte for byte. */
function seededBytes(size: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('mlops artifacts (against a server)', () => {
  let server: RemoteServer;
  let runId: string;
  const content = seededBytes(300 * 1024);
  const run = (args: string[], options: { terminal?: boolean } = {}): Promise<CliResult> =>
    mlops([...args, '--server', server.url], { cwd: server.dir, ...options });

  beforeEach(async () => {
    server = await startRemoteServer();
    const client = createClient({ baseUrl: server.url });
    runId = (await client.runs.create({ experiment_id: '0', run_name: 'artifacts' })).run_id;
    mkdirSync(join(server.dir, 'data'));
    writeFileSync(join(server.dir, 'data', 'weights.bin'), content);
  });
  afterEach(async () => {
    await server.stop();
  });

  it('uploads a file and downloads it back with the same sha256, printing nothing on stderr off a terminal', async () => {
    const digest = sha256(content);
    const up = await run(['artifacts', 'upload', runId, 'data/weights.bin', 'model/']);
    expect(up).to.deep.include({
      code: 0,
      out: [
        `uploaded data/weights.bin to run ${runId} as model/weights.bin (307200 bytes, sha256 ${digest})`,
      ],
      err: [],
      drawn: [],
    });
    const root = await run(['artifacts', 'list', runId]);
    expect(root.out).to.deep.equal(['PATH    SIZE', 'model/  -']);
    const dir = await run(['artifacts', 'list', runId, 'model', '--json']);
    expect(JSON.parse(dir.out.join('\n'))).to.deep.equal({
      files: [{ path: 'model/weights.bin', is_dir: false, size: 307200 }],
    });

    mkdirSync(join(server.dir, 'out'));
    const down = await run(['artifacts', 'download', runId, 'model/weights.bin', 'out']);
    const file = join(server.dir, 'out', 'weights.bin');
    expect(down).to.deep.include({
      code: 0,
      out: [`downloaded model/weights.bin of run ${runId} to ${file} (307200 bytes, sha256 ${digest})`],
      err: [],
    });
    expect(sha256(readFileSync(file))).to.equal(digest);
    expect(readdirSync(join(server.dir, 'out'))).to.deep.equal(['weights.bin']);

    const asJson = await run(['artifacts', 'download', runId, 'model/weights.bin', '--json']);
    expect(JSON.parse(asJson.out.join('\n'))).to.deep.equal({
      path: 'model/weights.bin',
      file: join(server.dir, 'weights.bin'),
      bytes: 307200,
      sha256: digest,
    });
    expect(sha256(readFileSync(join(server.dir, 'weights.bin')))).to.equal(digest);
  });

  it('draws a progress bar on a terminal, and ends its line', async () => {
    const up = await run(['artifacts', 'upload', runId, 'data/weights.bin', 'model/weights.bin'], {
      terminal: true,
    });
    expect(up.code).to.equal(0, up.err.join('\n'));
    const bar = (done: string, percent: number, filled: number) =>
      `\rupload model/weights.bin [${'#'.repeat(filled)}${'.'.repeat(40 - filled)}] ${percent}% ${done}/300.0 KiB\x1b[K`;
    // The first drawing is on the first 64 KiB chunk; later ones at most every 100 ms.
    expect(up.drawn[0]).to.equal(bar('64.0 KiB', 21, 8));
    expect(up.drawn.slice(-2)).to.deep.equal([bar('300.0 KiB', 100, 40), '\n']);

    const down = await run(['artifacts', 'download', runId, 'model/weights.bin', 'copy.bin'], {
      terminal: true,
    });
    expect(down.code).to.equal(0, down.err.join('\n'));
    expect(down.drawn.at(-2)).to.equal(
      `\rdownload model/weights.bin [${'#'.repeat(40)}] 100% 300.0 KiB/300.0 KiB\x1b[K`,
    );
    expect(down.drawn.at(-1)).to.equal('\n');
    expect(sha256(readFileSync(join(server.dir, 'copy.bin')))).to.equal(sha256(content));
  });

  it('exits 3 for a missing artifact, run or local file, leaving no partial download', async () => {
    const missing = await run(['artifacts', 'download', runId, 'model/nope.bin', 'nope.bin']);
    expect(missing).to.deep.include({ code: 3, out: [] });
    expect(missing.err).to.deep.equal([`error: run ${runId} has no artifact "model/nope.bin"`]);
    expect(readdirSync(server.dir).filter((f) => f.startsWith('nope'))).to.deep.equal([]);

    const noRun = await run(['artifacts', 'upload', 'f'.repeat(32), 'data/weights.bin', '--json']);
    expect(noRun.code).to.equal(3);
    expect(noRun.err.map((l) => JSON.parse(l))).to.deep.equal([
      { error_code: 'NOT_FOUND', message: `Run with id=${'f'.repeat(32)} not found` },
    ]);
    const noFile = await run(['artifacts', 'upload', runId, 'data/nope.bin']);
    expect(noFile).to.deep.include({ code: 3, err: ['error: file "data/nope.bin" does not exist'] });
    const directory = await run(['artifacts', 'upload', runId, 'data']);
    expect(directory).to.deep.include({
      code: 2,
      err: ['error: "data" is not a file: upload files one at a time'],
    });
    expect((await run(['artifacts', 'list', runId])).out).to.deep.equal(['no artifacts found']);
  });
});
