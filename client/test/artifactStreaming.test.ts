import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { createClient } from '../src/index.js';
import { answerJson, type ScriptedServer, startScriptedServer } from './scriptedServer.js';

const chunkSize = 64 * 1024;

/** Resolves when `check()` holds; rejects naming `what` after `ms`. */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

describe('client.artifacts streaming', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends upload bytes while the source is still producing them', async () => {
    let received = 0;
    server = await startScriptedServer(async (req, res) => {
      for await (const chunk of req) received += (chunk as Buffer).length;
      await answerJson(req, res, 201, { path: 'big.bin', is_dir: false, size: received });
    });
    const total = 64;
    // Each chunk waits until the server holds all but a few of those before it: a client that
    // gathered the whole body before sending would never get past the window.
    async function* source() {
      for (let i = 0; i < total; i += 1) {
        await until(() => received >= (i - 8) * chunkSize, `the server received chunk ${i - 8}`);
        yield Buffer.alloc(chunkSize, i);
      }
    }
    const client = createClient({ baseUrl: server.url });
    const entry = await client.artifacts.upload('r1', 'big.bin', source());
    expect(entry.size).to.equal(total * chunkSize);
    expect(server.seen[0]?.headers['transfer-encoding']).to.equal('chunked');
  });

  it('hands the download stream over before the server has sent the whole file', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server = await startScriptedServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(chunkSize, 1));
      await released;
      res.end(Buffer.alloc(chunkSize, 2));
    });
    const client = createClient({ baseUrl: server.url });
    const stream = await Promise.race([
      client.artifacts.download('r1', 'big.bin'),
      sleep(5000).then(() => {
        throw new Error('download() waited for the whole body');
      }),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      if (chunks.length === 1) release();
    }
    const body = Buffer.concat(chunks);
    expect(body.length).to.equal(2 * chunkSize);
    expect([body[0], body[body.length - 1]]).to.deep.equal([1, 2]);
  });

  it('does not retry an upload from a stream (it cannot be sent again), but retries one from bytes', async () => {
    server = await startScriptedServer((req, res, i) =>
      i === 0 || i === 1
        ? answerJson(req, res, 503, { error_code: 'UNAVAILABLE', message: 'busy', details: {} })
        : answerJson(req, res, 201, { path: 'x', is_dir: false, size: 3 }),
    );
    const client = createClient({ baseUrl: server.url, retries: { baseDelayMs: 5 } });
    async function* once() {
      yield Buffer.from('abc');
    }
    const err = await client.artifacts.upload('r1', 'x', once()).catch((e: Error) => e);
    expect((err as Error).message).to.equal('busy');
    expect(server.seen).to.have.length(1);
    expect(await client.artifacts.upload('r1', 'x', Buffer.from('abc'))).to.deep.equal({
      path: 'x',
      is_dir: false,
      size: 3,
    });
    expect(server.seen).to.have.length(3);
  });
});
