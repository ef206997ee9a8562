import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchInference, BlobStore } from '@mlops/plugin-api';
import { expect } from 'chai';
import knex from 'knex';
import { expectedProbability, partsLeft, readBlob, settledJob } from './batchInputs.js';
import { startServingServer } from './servingServer.js';

const child = fileURLToPath(new URL('./batchJobUntilKilled.js', import.meta.url));
const rows = 12_000;

/** Runs the child and SIGKILLs it a few ms after it reports `atLeast` rows done; resolves with the last report. */
function runUntilKilled(args: object, atLeast: number): Promise<number> {
  const process_: ChildProcess = spawn(process.execPath, [child, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let last = -1;
    let finished = false;
    process_.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'done') finished = true;
        else last = Number(line);
      }
      if ((last >= atLeast || finished) && !process_.killed) {
        // Land somewhere inside the next chunk's work, not on a checkpoint.
        setTimeout(() => process_.kill('SIGKILL'), Math.floor(Math.random() * 4));
      }
    });
    process_.once('exit', (code, signal) => {
      if (finished) reject(new Error(`the job ended before the kill (after ${last} rows)`));
      else if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`the child exited by itself (code ${code}) after ${last} rows`));
    });
  });
}

/** The job's row as the database holds it after a kill. */
async function recorded(dir: string): Promise<{ status: string; rows_done: number; chunks_done: number }> {
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'mlops.db') },
    useNullAsDefault: true,
  });
  try {
    return (await db('serving_batch_jobs').first('status', 'rows_done', 'chunks_done')) as {
      status: string;
      rows_done: number;
      chunks_done: number;
    };
  } finally {
    await db.destroy();
  }
}

describe('a batch job killed mid-run', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serving-batch-kill-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('resumes after SIGKILL, twice, and writes exactly what an uninterrupted job writes', async function () {
    this.timeout(60_000);
    const first = await runUntilKilled({ dir, mode: 'start', rows }, 2000);
    const afterFirst = await recorded(dir);
    expect(afterFirst.status).to.equal('running');
    expect(afterFirst.rows_done).to.be.at.least(first).and.below(rows);
    expect(afterFirst.rows_done).to.equal(afterFirst.chunks_done * 500);

    const second = await runUntilKilled({ dir, mode: 'resume', rows }, afterFirst.rows_done + 3000);
    const afterSecond = await recorded(dir);
    expect(afterSecond.status).to.equal('running');
    expect(afterSecond.rows_done).to.be.at.least(second).and.above(afterFirst.rows_done).and.below(rows);

    const server = await startServingServer({ dir });
    try {
      const jobs = server.kernel.get(BatchInference);
      const blobs = server.kernel.get(BlobStore);
      const [job] = await jobs.listBatchJobs('churn', server.call);
      const done = await settledJob(jobs, job!, server.call, 40_000);
      expect(done).to.deep.include({ status: 'succeeded', rowsDone: rows, rowsTotal: rows });
      const resumed = await readBlob(blobs, 'big.csv.predictions.jsonl');
      const lines = resumed.trimEnd().split('\n');
      expect(lines).to.have.length(rows);
      lines.forEach((line, i) => {
        const parsed = JSON.parse(line) as { row: number; probability: number[] };
        expect(parsed.row).to.equal(i);
        expect(parsed.probability[0]).to.be.closeTo(expectedProbability(i), 1e-6);
      });
      const reference = await settledJob(
        jobs,
        await jobs.startBatchJob(
          'churn',
          { inputKey: 'big.csv', outputKey: 'reference.jsonl', chunkRows: 4000 },
          server.call,
        ),
        server.call,
        40_000,
      );
      expect(reference.status).to.equal('succeeded');
      expect(resumed === (await readBlob(blobs, 'reference.jsonl')), 'byte for byte').to.equal(true);
      expect(await partsLeft(blobs, 'serving/batch-jobs/')).to.deep.equal([]);
    } finally {
      await server.stop();
    }
  });
});
