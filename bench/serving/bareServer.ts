// Child process of bench/serving.ts: the anchor for the batching ratio. The least a Node server
// can do to serve the bench MLP over KServe v2 REST: node:http with no framework, no routing, no
// validation, no metrics, and the same batching as plugins/serving reduced to its core (a queue
// checked on setImmediate, one batch on the model at a time; `adaptive` waits a turn while requests
// still arrive and takes up to MAX_BATCH, `none` takes one). What it reaches with and without
// batching on this machine is what any Node server could reach. Prints `READY <url> 0` once it
// listens. Env: BATCHING (adaptive | none), MAX_BATCH, LAYERS.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomMlpModel } from '@mlops/test-models';
import ort from 'onnxruntime-node';

const adaptive = (process.env.BATCHING ?? 'adaptive') === 'adaptive';
const maxBatch = adaptive ? Number(process.env.MAX_BATCH ?? 64) : 1;
const layers = (process.env.LAYERS ?? '32,64,64,10').split(',').map(Number);
const features = layers[0]!;
const classes = layers.at(-1)!;
const session = await ort.InferenceSession.create(Buffer.from(randomMlpModel(layers)), {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});
const [input] = session.inputNames;
const [output] = session.outputNames;

interface Pending {
  readonly row: readonly number[];
  readonly answer: (row: number[]) => void;
}
const queue: Pending[] = [];
let running = false;
let checkScheduled = false;
let arrivals = 0;

function scheduleCheck(): void {
  if (checkScheduled) return;
  checkScheduled = true;
  setImmediate(check);
}

function check(): void {
  checkScheduled = false;
  if (running || queue.length === 0) return;
  if (adaptive && arrivals > 0 && queue.length < maxBatch) {
    arrivals = 0;
    scheduleCheck();
    return;
  }
  arrivals = 0;
  void run(queue.splice(0, maxBatch));
}

async function run(batch: Pending[]): Promise<void> {
  running = true;
  const x = new Float32Array(batch.length * features);
  for (const [i, p] of batch.entries()) x.set(p.row, i * features);
  const results = await session.run({ [input!]: new ort.Tensor('float32', x, [batch.length, features]) });
  const y = results[output!]!.data as Float32Array;
  for (const [i, p] of batch.entries()) p.answer(Array.from(y.subarray(i * classes, (i + 1) * classes)));
  running = false;
  if (queue.length > 0) scheduleCheck();
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { inputs: { data: number[] }[] };
    queue.push({
      row: body.inputs[0]!.data,
      answer(row) {
        const text = JSON.stringify({
          model_name: 'mlp',
          model_version: '1',
          outputs: [{ name: output, datatype: 'FP32', shape: [1, classes], data: row }],
        });
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      },
    });
    arrivals++;
    scheduleCheck();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} 0\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
