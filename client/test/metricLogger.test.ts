import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import {
  type BufferedPoint,
  createClient,
  FailedPreconditionError,
  InvalidArgumentError,
} from '../src/index.js';
import { answerJson, type ScriptedServer, startScriptedServer } from './scriptedServer.js';
import { type Platform, startPlatform } from './startPlatform.js';

const clientEntry = pathToFileURL(join(fileURLToPath(import.meta.url), '../../src/index.js')).href;

/** A server that records the metrics of each batch request and answers 204. */
async function startBatchRecorder(batches: { key: string; step: number }[][]): Promise<ScriptedServer> {
  return startScriptedServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    batches.push((JSON.parse(text) as { metrics: { key: string; step: number }[] }).metrics);
    res.writeHead(204).end();
  });
}

describe('client.runs.logger', () => {
  let platform: Platform;
  let experimentId: string;
  let server: ScriptedServer | undefined;
  before(async () => {
    platform = await startPlatform();
    experimentId = (await platform.client.experiments.create({ name: 'logger' })).experiment_id;
  });
  after(() => platform.stop());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const newRun = async () => (await platform.client.runs.create({ experiment_id: experimentId })).run_id;

  it('sends a batch as soon as maxBatch points are buffered, in order, and the rest on flush', async () => {
    const batches: { key: string; step: number }[][] = [];
    server = await startBatchRecorder(batches);
    const logger = createClient({ baseUrl: server.url }).runs.logger('r1', {
      maxBatch: 10,
      flushIntervalMs: 60_000,
    });
    for (let step = 0; step < 25; step += 1) logger.log('loss', 1 / (step + 1), step);
    expect(logger.pending).to.equal(5);
    await logger.flush();
    expect(logger.pending).to.equal(0);
    expect(batches.map((b) => b.length)).to.deep.equal([10, 10, 5]);
    expect(batches.flat().map((p) => p.step)).to.deep.equal(Array.from({ length: 25 }, (_, i) => i));
    expect(server.seen.every((r) => r.url === '/api/v1/runs/r1/batch')).to.equal(true);
    await logger.close();
  });

  it('splits into batches of at most 1000 points, the server limit, by default', async () => {
    const batches: { key: string; step: number }[][] = [];
    server = await startBatchRecorder(batches);
    const logger = createClient({ baseUrl: server.url }).runs.logger('r1', { flushIntervalMs: 60_000 });
    for (let step = 0; step < 2500; step += 1) logger.log('acc', step / 2500, step);
    await logger.close();
    expect(batches.map((b) => b.length)).to.deep.equal([1000, 1000, 500]);
    expect(() => platform.client.runs.logger('r1', { maxBatch: 1001 })).to.throw(
      InvalidArgumentError,
      'maxBatch must be an integer from 1 to 1000, got 1001',
    );
  });

  it('flushes on its interval without being asked, into the real run history', async () => {
    const runId = await newRun();
    const logger = platform.client.runs.logger(runId, { flushIntervalMs: 30 });
    logger.log('loss', 0.9, 1);
    logger.log('loss', 0.7, 2);
    logger.log('acc', 0.5, 2);
    const deadline = Date.now() + 5000;
    while ((await platform.client.runs.history(runId, 'loss')).total_points < 2 && Date.now() < deadline) {
      await sleep(10);
    }
    expect((await platform.client.runs.history(runId, 'loss')).points.map((p) => p.value)).to.deep.equal([
      0.9, 0.7,
    ]);
    expect(logger.pending).to.equal(0);
    await logger.close();
  });

  it('close() flushes, removes its exit hook, and refuses later points', async () => {
    const runId = await newRun();
    const hooks = process.listenerCount('beforeExit');
    const logger = platform.client.runs.logger(runId, { flushIntervalMs: 60_000 });
    const other = platform.client.runs.logger(runId);
    expect(process.listenerCount('beforeExit')).to.equal(hooks + 1);
    await other.close();
    expect(process.listenerCount('beforeExit')).to.equal(hooks + 1);
    for (let step = 0; step < 1200; step += 1) logger.log('loss', step, step);
    await logger.close();
    expect(process.listenerCount('beforeExit')).to.equal(hooks);
    expect((await platform.client.runs.history(runId, 'loss')).total_points).to.equal(1200);
    expect(() => logger.log('loss', 1)).to.throw(
      InvalidArgumentError,
      `the metric logger of run ${runId} is closed`,
    );
  });

  it('reports a failed batch to onError with its points, never as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failures: { error: Error; points: readonly BufferedPoint[] }[] = [];
      const logger = platform.client.runs.logger('no-such-run', {
        maxBatch: 2,
        flushIntervalMs: 60_000,
        onError: (error, points) => failures.push({ error, points }),
      });
      logger.log('loss', 1, 0);
      logger.log('loss', 2, 1);
      logger.log('loss', 3, 2);
      await logger.close();
      expect(failures.map((f) => f.points.map((p) => p.step))).to.deep.equal([[0, 1], [2]]);
      expect(failures[0]?.error.message).to.equal('Run with id=no-such-run not found');

      const throwing = platform.client.runs.logger('no-such-run', {
        onError: () => {
          throw new Error('onError broke');
        },
      });
      throwing.log('loss', 1);
      await throwing.close();
      await sleep(20);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('without onError, a dropped batch becomes a process warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      server = await startScriptedServer((req, res) =>
        answerJson(req, res, 400, { error_code: 'INVALID_ARGUMENT', message: 'bad key', details: {} }),
      );
      const logger = createClient({ baseUrl: server.url }).runs.logger('r9');
      logger.log('x', 1);
      await logger.close();
      await sleep(10);
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).to.deep.equal([
        'MetricLoggerWarning: metric logger of run r9 dropped 1 points: bad key',
      ]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('sends what is buffered when the process runs out of work and exits (beforeExit)', async () => {
    const runId = await newRun();
    const script = join(platform.dir, 'exit.mjs');
    await writeFile(
      script,
      `import { createClient } from ${JSON.stringify(clientEntry)};
const logger = createClient({ baseUrl: process.argv[2] }).runs.logger(process.argv[3], { flushIntervalMs: 600000 });
for (let step = 0; step < 1500; step += 1) logger.log('loss', 1 / (step + 1), step);
console.log('pending', logger.pending);
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script, platform.url, runId]);
    expect(stdout).to.equal('pending 500\n');
    const history = await platform.client.runs.history(runId, 'loss');
    expect(history.total_points).to.equal(1500);
    expect(history.points[1499]?.value).to.equal(1 / 1500);
  });

  it('a deleted run refuses the points: reported to onError as FailedPreconditionError, not thrown', async () => {
    const runId = await newRun();
    await platform.client.runs.delete(runId);
    const errors: Error[] = [];
    const logger = platform.client.runs.logger(runId, { onError: (e) => errors.push(e) });
    logger.log('loss', 1);
    await logger.flush();
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(FailedPreconditionError);
    expect(errors[0]?.message).to.equal(
      `The run ${runId} must be in the 'active' state. Current state is deleted.`,
    );
    await logger.close();
  });
});
