// Child process of bench/serving.ts: a kernel with the embedded stack and plugins/serving, one
// deployment of the bench MLP, listening on 127.0.0.1. Prints `READY <url>` once it serves, and
// stops on SIGTERM. Env: BATCHING (adaptive | none), MAX_BATCH, MAX_WAIT_MS, LAYERS (widths, input
// first), GRPC_PORT.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@mlops/core';
import { HttpServer, Registry, Serving, systemCall, Tracking } from '@mlops/plugin-api';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { servingPlugin } from '@mlops/plugin-serving';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { randomMlpModel } from '@mlops/test-models';

const policy = (process.env.BATCHING ?? 'adaptive') as 'adaptive' | 'none';
const layers = (process.env.LAYERS ?? '32,64,64,10').split(',').map(Number);
const features = layers[0]!;
const dir = mkdtempSync(join(tmpdir(), 'bench-serving-'));
const kernel = createKernel({
  logLevel: 'error',
  plugins: [
    storeSqlPlugin({ url: `sqlite:${join(dir, 'mlops.db')}` }),
    storageFsPlugin({ root: join(dir, 'blobs'), fsync: false }),
    httpPlugin({ host: '127.0.0.1', port: 0, accessLog: false }),
    trackingPlugin(),
    registryPlugin(),
    servingPlugin({
      maxQueued: 4096,
      // GRPC_PORT: also serve the KServe gRPC service there.
      ...(process.env.GRPC_PORT === undefined
        ? {}
        : { grpc: { enabled: true, host: '127.0.0.1', port: Number(process.env.GRPC_PORT) } }),
      batching: {
        policy,
        maxBatchSize: Number(process.env.MAX_BATCH ?? 64),
        maxWaitMs: Number(process.env.MAX_WAIT_MS ?? 2),
        maxConcurrentBatches: 1,
      },
    }),
  ],
});
await kernel.start();
const call = systemCall('bench');
const tracking = kernel.get(Tracking);
const { info } = await tracking.createRun({ experimentId: '0', runName: 'bench-mlp' }, call);
await tracking.logArtifact(info.runId, 'model/model.onnx', Buffer.from(randomMlpModel(layers)), call);
await kernel
  .get(Registry)
  .createVersion({ model: 'mlp', source: `runs:/${info.runId}/model/model.onnx` }, call);
const serving = kernel.get(Serving);
await serving.createDeployment({ name: 'mlp', model: 'mlp', version: 1 }, call);

/** Predictions per second from `callers` concurrent in-process callers (no HTTP) over `ms`. */
async function inProcess(callers: number, ms: number): Promise<number> {
  const request = {
    inputs: [
      {
        name: 'x',
        datatype: 'FP32' as const,
        shape: [1, features],
        data: Array.from({ length: features }, (_, i) => Math.sin(i)),
      },
    ],
  };
  let done = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        await serving.predict('mlp', request, call);
        done++;
      }
    }),
  );
  return (done * 1000) / ms;
}
await inProcess(32, 500);
const inProcessRate = await inProcess(32, Number(process.env.INPROCESS_MS ?? 3000));
process.stdout.write(`READY ${kernel.get(HttpServer).url} ${inProcessRate.toFixed(0)}\n`);
process.once('SIGTERM', () => {
  void kernel.stop().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
