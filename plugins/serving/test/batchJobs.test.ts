import {
  Auth,
  BatchInference,
  BlobStore,
  definePlugin,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  type Principal,
  UnauthenticatedError,
} from '@mlops/plugin-api';
import { logisticRegressionModel, sumAndProductModel } from '@mlops/test-models';
import { expect } from 'chai';
import { parquetWriteBuffer } from 'hyparquet-writer';
import {
  batchBias,
  batchCsv,
  batchRow,
  batchWeights,
  expectedProbability,
  partsLeft,
  readBlob,
  settledJob,
} from './batchInputs.js';
import { send } from './http.js';
import { registerOnnxModel, type ServingServer, startServingServer } from './servingServer.js';

/** Bearer `admin` may do anything; bearer `reader` may only READ. */
const testAuthPlugin = definePlugin({
  name: 'test-auth',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  provides: [Auth],
  setup(ctx) {
    ctx.provide(Auth, {
      async authenticate(credentials) {
        const token = credentials.authorization?.replace(/^Bearer /, '');
        if (token !== 'admin' && token !== 'reader')
          throw new UnauthenticatedError('a valid bearer token is required');
        return { id: token, kind: 'user', roles: [] } satisfies Principal;
      },
      async authorize(principal, action) {
        return principal.id === 'admin' || action === 'READ';
      },
      async readableScope() {
        return { kind: 'all' };
      },
    });
  },
});

const admin = { Authorization: 'Bearer admin' };
const reader = { Authorization: 'Bearer reader' };

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function expectProbabilities(text: string, rows: number): void {
  const lines = parseLines(text);
  expect(lines.map((l) => l.row)).to.deep.equal([...Array(rows).keys()]);
  lines.forEach((line, i) => {
    expect(Object.keys(line)).to.deep.equal(['row', 'probability']);
    const [p] = line.probability as number[];
    expect(p, `row ${i}`).to.be.closeTo(expectedProbability(i), 1e-6);
  });
}

describe('batch inference jobs', () => {
  let server: ServingServer;
  let blobs: BlobStore;
  let jobs: BatchInference;
  before(async () => {
    server = await startServingServer({ after: [testAuthPlugin()] });
    blobs = server.kernel.get(BlobStore);
    jobs = server.kernel.get(BatchInference);
    await registerOnnxModel(server, 'churn', logisticRegressionModel(batchWeights, batchBias));
    await registerOnnxModel(server, 'pair', sumAndProductModel(2), 'onnx-file');
    await server.serving.createDeployment({ name: 'churn', model: 'churn', version: 1 }, server.call);
    await server.serving.createDeployment({ name: 'pair', model: 'pair', version: 1 }, server.call);
  });
  after(async () => server.stop());

  it('predicts a CSV in chunks, writes <key>.predictions.jsonl, records progress and removes its parts', async () => {
    await blobs.put('scoring/day1.csv', batchCsv(25));
    const started = await jobs.startBatchJob(
      'churn',
      { inputKey: 'scoring/day1.csv', chunkRows: 10, rowsPerRequest: 3 },
      server.call,
    );
    expect(started).to.deep.include({
      deployment: 'churn',
      format: 'csv',
      outputKey: 'scoring/day1.csv.predictions.jsonl',
      model: 'churn',
      version: 1,
      chunkRows: 10,
      rowsPerRequest: 3,
      status: 'running',
      rowsDone: 0,
    });
    const job = await settledJob(jobs, started, server.call);
    expect(job).to.deep.include({ status: 'succeeded', rowsDone: 25, rowsTotal: 25 });
    expect(job.statusMessage).to.equal(undefined);
    expectProbabilities(await readBlob(blobs, 'scoring/day1.csv.predictions.jsonl'), 25);
    expect(await partsLeft(blobs, `serving/batch-jobs/${job.id}/`)).to.deep.equal([]);
    expect((await jobs.listBatchJobs('churn', server.call)).map((j) => j.id)).to.deep.equal([job.id]);
  });

  it('feeds each input its column from JSON Lines objects, and rows given as arrays to a one-input model', async () => {
    await blobs.put(
      'pairs.jsonl',
      '{"a": [1, 2], "b": [3, 4]}\n\n{"a": [-1, 0.5], "b": [2, 2]}\n{"b": [0, 1], "a": [5, 6]}\n',
    );
    const job = await settledJob(
      jobs,
      await jobs.startBatchJob('pair', { inputKey: 'pairs.jsonl' }, server.call),
      server.call,
    );
    expect(job).to.deep.include({ status: 'succeeded', format: 'jsonl', rowsDone: 3, rowsTotal: 3 });
    expect(parseLines(await readBlob(blobs, 'pairs.jsonl.predictions.jsonl'))).to.deep.equal([
      { row: 0, sum: [4, 6], product: [3, 8] },
      { row: 1, sum: [1, 2.5], product: [-2, 1] },
      { row: 2, sum: [5, 7], product: [0, 6] },
    ]);
    const arrays = Array.from({ length: 4 }, (_, i) => JSON.stringify(Object.values(batchRow(i)))).join('\n');
    await blobs.put('rows.ndjson', arrays);
    const second = await settledJob(
      jobs,
      await jobs.startBatchJob(
        'churn',
        { inputKey: 'rows.ndjson', outputKey: 'out/rows.jsonl' },
        server.call,
      ),
      server.call,
    );
    expect(second.status).to.equal('succeeded');
    expectProbabilities(await readBlob(blobs, 'out/rows.jsonl'), 4);
  });

  it('reads Parquet through ranged reads, row group by row group', async () => {
    const rows = Array.from({ length: 23 }, (_, i) => batchRow(i));
    const buffer = parquetWriteBuffer({
      columnData: ['a', 'b', 'c'].map((name) => ({
        name,
        data: rows.map((r) => r[name as 'a' | 'b' | 'c']),
        type: 'DOUBLE' as const,
      })),
      rowGroupSize: 7,
    });
    await blobs.put('day2.parquet', new Uint8Array(buffer));
    const job = await settledJob(
      jobs,
      await jobs.startBatchJob(
        'churn',
        { inputKey: 'day2.parquet', chunkRows: 5, rowsPerRequest: 2 },
        server.call,
      ),
      server.call,
    );
    expect(job).to.deep.include({ status: 'succeeded', format: 'parquet', rowsDone: 23, rowsTotal: 23 });
    expectProbabilities(await readBlob(blobs, 'day2.parquet.predictions.jsonl'), 23);
  });

  it('fails a job on a bad cell, naming the row and input, and keeps the chunks before it', async () => {
    await blobs.put('bad.csv', `${batchCsv(12).trimEnd()}\n1,abc,2\n`);
    const job = await settledJob(
      jobs,
      await jobs.startBatchJob('churn', { inputKey: 'bad.csv', chunkRows: 5 }, server.call),
      server.call,
    );
    expect(job).to.deep.include({
      status: 'failed',
      statusMessage: 'row 12, input "x": "abc" is not a number',
      rowsDone: 10,
      rowsTotal: 13,
    });
    const resumed = await jobs.resumeBatchJob('churn', job.id, server.call);
    expect(resumed).to.deep.include({ status: 'running', rowsDone: 10 });
    const again = await settledJob(jobs, resumed, server.call);
    expect(again).to.deep.include({
      status: 'failed',
      statusMessage: 'row 12, input "x": "abc" is not a number',
      rowsDone: 10,
    });
    const absent = await blobs.head('bad.csv.predictions.jsonl').catch((e: unknown) => e);
    expect(absent).to.be.instanceOf(NotFoundError);
  });

  it('refuses bad fields, unknown inputs and deployments, and resuming a job that did not fail', async () => {
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e as Error & { details: { field?: string } },
      );
    let err = await refusal(jobs.startBatchJob('churn', { inputKey: 'x.txt' }, server.call));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err?.message).to.equal(
      'format is needed: the extension of "x.txt" is not .csv, .jsonl, .ndjson or .parquet',
    );
    expect(err?.details.field).to.equal('format');
    err = await refusal(jobs.startBatchJob('churn', { inputKey: 'missing.csv' }, server.call));
    expect(err).to.be.instanceOf(NotFoundError);
    expect(err?.message).to.equal('input "missing.csv" is not in the BlobStore');
    err = await refusal(
      jobs.startBatchJob('churn', { inputKey: 'scoring/day1.csv', chunkRows: 0 }, server.call),
    );
    expect(err?.message).to.equal('chunkRows must be an integer from 1 to 1000000, not 0');
    err = await refusal(jobs.startBatchJob('nope', { inputKey: 'scoring/day1.csv' }, server.call));
    expect(err).to.be.instanceOf(NotFoundError);
    expect(err?.message).to.equal('deployment "nope" does not exist');
    const done = (await jobs.listBatchJobs('churn', server.call)).find((j) => j.status === 'succeeded');
    err = await refusal(jobs.resumeBatchJob('churn', done!.id, server.call));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect(err?.message).to.equal(`batch job "${done!.id}" is succeeded; only a failed job can be resumed`);
    err = await refusal(jobs.getBatchJob('pair', done!.id, server.call));
    expect(err?.message).to.equal(`deployment "pair" has no batch job "${done!.id}"`);
  });

  it('fails a resumed job whose input changed since it started', async () => {
    await blobs.put('changing.csv', `${batchCsv(3).trimEnd()}\n1,x,2\n`);
    const job = await settledJob(
      jobs,
      await jobs.startBatchJob('churn', { inputKey: 'changing.csv' }, server.call),
      server.call,
    );
    expect(job.status).to.equal('failed');
    const fixed = await blobs.put('changing.csv', batchCsv(4));
    await jobs.resumeBatchJob('churn', job.id, server.call);
    const resumed = await settledJob(jobs, job, server.call);
    expect(resumed.statusMessage).to.equal(
      `input "changing.csv" changed since the job started (sha256 ${job.inputSha256} is now ${fixed.sha256}): start a new job`,
    );
  });

  it('starts and reads jobs over REST with deployment permissions, naming wire fields', async () => {
    const url = `${server.url}/api/v1/deployments/churn/batch-jobs`;
    expect((await send(url, 'POST', { input_key: 'scoring/day1.csv' }, reader)).status).to.equal(403);
    const missing = await send(url, 'POST', { input_key: 'nothing.csv' }, admin);
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.include({ message: 'input "nothing.csv" is not in the BlobStore' });
    expect((missing.body as { details: { field: string } }).details.field).to.equal('input_key');
    const bad = await send(url, 'POST', { input_key: 'scoring/day1.csv', chunk_rows: 'ten' }, admin);
    expect(bad.status).to.equal(400);
    const created = await send(
      url,
      'POST',
      { input_key: 'scoring/day1.csv', output_key: 'rest/out.jsonl' },
      admin,
    );
    expect(created.status).to.equal(201);
    const body = (created.body as { batch_job: Record<string, unknown> }).batch_job;
    expect(created.headers.get('location')).to.equal(`/api/v1/deployments/churn/batch-jobs/${body.id}`);
    expect(body).to.deep.include({
      deployment: 'churn',
      input_key: 'scoring/day1.csv',
      output_key: 'rest/out.jsonl',
      status: 'running',
      rows_done: 0,
      created_by: 'admin',
    });
    let read = await send(`${server.url}${created.headers.get('location')}`, 'GET', undefined, reader);
    for (
      let i = 0;
      i < 200 && (read.body as { batch_job: { status: string } }).batch_job.status === 'running';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      read = await send(`${server.url}${created.headers.get('location')}`, 'GET', undefined, reader);
    }
    expect(read.status).to.equal(200);
    expect((read.body as { batch_job: Record<string, unknown> }).batch_job).to.deep.include({
      status: 'succeeded',
      rows_done: 25,
      rows_total: 25,
    });
    expectProbabilities(await readBlob(blobs, 'rest/out.jsonl'), 25);
    const list = await send(url, 'GET', undefined, reader);
    expect((list.body as { batch_jobs: { id: string }[] }).batch_jobs[0]!.id).to.equal(body.id);
  });

  it('runs a job from the CLI and waits for it', async () => {
    const run = async (name: string, args: string[], options: Record<string, unknown> = {}) => {
      const command = server.kernel.commands.find((c) => c.spec.name === `deployments batch-jobs ${name}`);
      if (command === undefined) throw new Error(`no command deployments batch-jobs ${name}`);
      const lines: string[] = [];
      await command.spec.run({ args, options, scope: server.kernel, print: (line) => lines.push(line) });
      return lines;
    };
    const [line] = await run('start', ['churn'], {
      input: 'scoring/day1.csv',
      output: 'cli/out.jsonl',
      chunkRows: '7',
    });
    const id = line!.split('\t')[0]!;
    expect(line).to.equal(`${id}\tsucceeded\t25/25 rows\tchurn/1\tscoring/day1.csv -> cli/out.jsonl`);
    expect(await run('show', ['churn', id])).to.deep.equal([line]);
    const err = await run('start', ['churn'], { input: 'scoring/day1.csv', chunkRows: 'x' }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).to.equal('--chunk-rows must be a positive integer, not "x"');
  });
});
