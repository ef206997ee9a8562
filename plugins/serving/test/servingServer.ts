import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CallContext,
  HttpServer,
  type ModelVersion,
  type PluginInstance,
  type PluginOptionsInput,
  Registry,
  Serving,
  Tracking,
} from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { type ServingOptions, servingPlugin } from '../src/index.js';

/** A kernel with SQLite, storage-fs, http on 127.0.0.1, tracking, registry and serving. */
export interface ServingServer {
  readonly kernel: TestKernel;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The storage-fs root. */
  readonly blobRoot: string;
  readonly serving: Serving;
  readonly registry: Registry;
  readonly tracking: Tracking;
  readonly call: CallContext;
  /** The directory holding the database and the blobs. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts the stack on a fresh temp directory; `after` plugins come last (gates, other backends). */
export async function startServingServer(
  setup: {
    readonly options?: PluginOptionsInput<ServingOptions>;
    readonly after?: readonly PluginInstance[];
    /** Reuse this directory (database and blobs), e.g. to restart; it is kept at stop. */
    readonly dir?: string;
  } = {},
): Promise<ServingServer> {
  const dir = setup.dir ?? (await mkdtemp(join(tmpdir(), 'serving-')));
  const blobRoot = join(dir, 'blobs');
  const kernel = await createTestKernel({
    plugins: [
      storeSqlPlugin({ url: `sqlite:${join(dir, 'mlops.db')}` }),
      storageFsPlugin({ root: blobRoot, fsync: false }),
      httpPlugin({ port: 0, accessLog: false }),
      trackingPlugin(),
      registryPlugin(),
      servingPlugin(setup.options ?? {}),
      ...(setup.after ?? []),
    ],
  });
  const url = kernel.get(HttpServer).url;
  if (url === undefined) throw new Error('the http plugin is not listening');
  return {
    kernel,
    url,
    blobRoot,
    serving: kernel.get(Serving),
    registry: kernel.get(Registry),
    tracking: kernel.get(Tracking),
    call: kernel.call,
    dir,
    async stop() {
      await kernel.stop();
      if (setup.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How a test stores a model in a run's artifacts. */
export type ModelLayout = 'onnx-file' | 'mlflow-dir';

/** MLmodel as `mlflow.onnx.log_model` writes it (MLflow 2.x), naming `model.onnx`. */
export const mlmodelYaml = `artifact_path: model
flavors:
  onnx:
    code: null
    data: model.onnx
    onnx_version: 1.16.1
    providers:
    - CPUExecutionProvider
  python_function:
    data: model.onnx
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.onnx
    python_version: 3.11.9
mlflow_version: 2.16.0
model_uuid: 5b3c1c9a2d8e4f7a9b0c1d2e3f4a5b6c
`;

/**
 * Logs `bytes` in a new run (as `model/model.onnx`, with an MLmodel file for `mlflow-dir`) and
 * registers it as the next version of `model`, from `runs:/<run>/model` (or the `.onnx` file).
 */
export async function registerOnnxModel(
  server: ServingServer,
  model: string,
  bytes: Uint8Array,
  layout: ModelLayout = 'mlflow-dir',
): Promise<ModelVersion & { runId: string; artifactUri: string }> {
  const { tracking, registry, call } = server;
  const experiments = await tracking.searchExperiments({ filter: "name = 'training'" }, call);
  const experimentId =
    experiments.items[0]?.experimentId ??
    (await tracking.createExperiment({ name: 'training' }, call)).experimentId;
  const { info } = await tracking.createRun({ experimentId, runName: 'train' }, call);
  await tracking.logArtifact(info.runId, 'model/model.onnx', Buffer.from(bytes), call);
  if (layout === 'mlflow-dir') await tracking.logArtifact(info.runId, 'model/MLmodel', mlmodelYaml, call);
  await tracking.updateRun(info.runId, { status: 'FINISHED', endTime: Date.now() }, call);
  const source =
    layout === 'mlflow-dir' ? `runs:/${info.runId}/model` : `runs:/${info.runId}/model/model.onnx`;
  const version = await registry.createVersion({ model, source }, call);
  return Object.assign(version, { runId: info.runId, artifactUri: info.artifactUri });
}

/** Polls `check` every 20 ms until it is true, or fails after `ms`. */
export async function eventually(
  check: () => Promise<boolean>,
  ms = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The logistic function, for expected values computed by hand. */
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
