import type { BatchInference, BatchJob, BlobStore, CallContext } from '@mlops/plugin-api';
import { sigmoid } from './servingServer.js';

/** The logistic regression the batch tests deploy: `probability = sigmoid(0.5a - b + 2c + 0.25)`. */
export const batchWeights = [0.5, -1, 2];
export const batchBias = 0.25;

/** Row `i` of the batch tests' inputs: columns a, b, c, small exact binary fractions. */
export function batchRow(i: number): { a: number; b: number; c: number } {
  return { a: (i % 7) - 3, b: (i % 5) / 4, c: ((i * 3) % 11) / 8 };
}

/** The probability of row `i`, computed by hand. */
export function expectedProbability(i: number): number {
  const { a, b, c } = batchRow(i);
  return sigmoid(a * 0.5 - b + c * 2 + batchBias);
}

/** `rows` rows as CSV with a header. */
export function batchCsv(rows: number): string {
  const lines = ['a,b,c'];
  for (let i = 0; i < rows; i++) {
    const { a, b, c } = batchRow(i);
    lines.push(`${a},${b},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A whole blob as text. */
export async function readBlob(blobs: BlobStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Polls the job every 10 ms until it is no longer running. */
export async function settledJob(
  jobs: BatchInference,
  job: BatchJob,
  call: CallContext,
  ms = 20_000,
): Promise<BatchJob> {
  const deadline = Date.now() + ms;
  for (;;) {
    const current = await jobs.getBatchJob(job.deployment, job.id, call);
    if (current.status !== 'running') return current;
    if (Date.now() > deadline) throw new Error(`batch job ${job.id} still running after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The part blobs left under `prefix` once they stop going away (polled for up to `ms`): a job
 * deletes its parts right after it is recorded as succeeded, so a reader may still see them.
 */
export async function partsLeft(blobs: BlobStore, prefix: string, ms = 2_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const keys = (await blobs.list({ prefix })).items.map((i) => i.key);
    if (keys.length === 0 || Date.now() > deadline) return keys;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
