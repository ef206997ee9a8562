import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { LoadResult } from '../http/LoadResult.js';

const protoPath = fileURLToPath(
  new URL('../../../plugins/serving/proto/grpc_predict_v2.proto', import.meta.url),
);

type InferClient = grpc.Client & {
  ModelInfer(request: unknown, callback: (err: grpc.ServiceError | null) => void): void;
};

/**
 * Closed-loop load over KServe's gRPC service: `clients` callers, each on its own channel (its own
 * HTTP/2 connection), sending `ModelInfer` with the row of `features` floats of request `i` in
 * `raw_input_contents`, the protocol's binary form, until `ms` have passed.
 */
export async function grpcClosedLoop(
  address: string,
  clients: number,
  ms: number,
  features: number,
): Promise<LoadResult> {
  const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: Number, defaults: true });
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    inference: { GRPCInferenceService: grpc.ServiceClientConstructor };
  };
  const channels = Array.from(
    { length: clients },
    () =>
      new proto.inference.GRPCInferenceService(address, grpc.credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
      }) as unknown as InferClient,
  );
  const requests = Array.from({ length: 256 }, (_, i) => ({
    model_name: 'mlp',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [1, features] }],
    raw_input_contents: [
      Buffer.from(Float32Array.from({ length: features }, (_, j) => Math.sin(i * features + j)).buffer),
    ],
  }));
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    channels.map(async (channel, c) => {
      for (let i = c; performance.now() < end; i++) {
        const t0 = performance.now();
        const err = await new Promise<grpc.ServiceError | null>((resolve) =>
          channel.ModelInfer(requests[i % requests.length], resolve),
        );
        latencies.push(performance.now() - t0);
        if (err !== null) {
          errors++;
          firstError ??= err.message;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  for (const channel of channels) channel.close();
  return firstError === undefined
    ? { latencies, elapsedMs, errors }
    : { latencies, elapsedMs, errors, firstError };
}
