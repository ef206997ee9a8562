import {
  Auth,
  BatchInference,
  BlobStore,
  Database,
  definePlugin,
  FailedPreconditionError,
  HttpRoutes,
  LoggedModels,
  ModelAliasSet,
  type PluginContext,
  Registry,
  Serving,
  ServingBackend,
  Tracking,
} from '@mlops/plugin-api';
import type { BatchJobService } from './batch/BatchJobService.js';
import { installBatchJobs } from './batch/installBatchJobs.js';
import { deploymentCommands } from './commands/deploymentCommands.js';
import { createPredictor } from './createPredictor.js';
import { DeploymentService } from './deployments/DeploymentService.js';
import { DeploymentStore } from './deployments/DeploymentStore.js';
import { ExperimentStore } from './deployments/ExperimentStore.js';
import { installGrpcServer } from './grpc/installGrpcServer.js';
import { deploymentRoutes } from './http/deploymentRoutes.js';
import { experimentRoutes } from './http/experimentRoutes.js';
import { kserveRoutes } from './http/kserveRoutes.js';
import { trafficRoutes } from './http/trafficRoutes.js';
import { migrations } from './migrations/index.js';
import { OnnxBackend } from './onnx/OnnxBackend.js';
import { type ServingOptions, servingOptionsSchema } from './options.js';
import { PredictionLogger } from './PredictionLogger.js';
import { ServingMetrics } from './ServingMetrics.js';
import { AbTestStore } from './traffic/AbTestStore.js';

/** Each setup's gRPC service, for its start and stop. */
const grpcServers = new WeakMap<object, ReturnType<typeof installGrpcServer>>();

/**
 * Model serving: deployments of registered model versions that follow their alias, recorded as
 * revisions with rollback, every rollout gated by `deployment.beforeRollout`; the in-process
 * `onnx` backend (onnxruntime, CPU); with HttpRoutes, the deployments API, KServe v2 REST and
 * MLflow's scoring protocol; `mlops deployments ...` commands.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), storageFsPlugin(), httpPlugin(), trackingPlugin(), registryPlugin(),
 *     servingPlugin({ environments: ['dev', 'staging', 'prod'], promotionOrder: true })],
 * });
 */
export const servingPlugin = definePlugin<ServingOptions>({
  name: '@mlops/plugin-serving',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'deployments, rollouts, in-process ONNX inference, KServe v2 and MLflow scoring',
  provides: [Serving, ServingBackend, BatchInference],
  requires: [Database, Registry],
  optional: [Tracking, LoggedModels, HttpRoutes, BlobStore],
  // Other plugins' backends are looked up per rollout, so they need not set up before this one;
  // Auth (plugins/auth) filters deployment listings.
  late: [ServingBackend, Auth],
  configSchema: servingOptionsSchema,
  async setup(ctx) {
    const db = await ctx.get(Database).forPlugin(ctx.name, migrations);
    ctx.provide(
      ServingBackend,
      new OnnxBackend(
        () => ctx.find(Tracking),
        () => ctx.find(LoggedModels),
      ),
    );
    const metrics = new ServingMetrics(ctx.metrics);
    const predictionLog = predictionLoggerOf(ctx);
    const service = new DeploymentService({
      store: new DeploymentStore(db),
      experiments: new ExperimentStore(db),
      abTests: new AbTestStore(db),
      registry: ctx.get(Registry),
      hooks: ctx.hooks,
      logger: ctx.logger,
      options: ctx.options,
      backends: () => ctx.getAll(ServingBackend),
      metrics,
      ...(predictionLog === undefined ? {} : { predictionLog }),
      predictor: (revision, loaded) => createPredictor(ctx.options, metrics, revision, loaded),
      auth: () => ctx.find(Auth),
    });
    ctx.provide(Serving, service);
    ctx.hooks.on(ModelAliasSet, (payload) => service.onAliasSet(payload));
    ctx
      .find(HttpRoutes)
      ?.add(
        ...deploymentRoutes(service),
        ...experimentRoutes(service),
        ...trafficRoutes(service),
        ...kserveRoutes(service),
      );
    for (const command of deploymentCommands) ctx.addCommand(command);
    const batchJobs = installBatchJobs(ctx, service, db);
    const grpc = installGrpcServer(ctx, service);
    grpcServers.set(ctx, grpc);
    ctx.onClose(async () => {
      await grpc.stop();
      await batchJobs.stop();
      await service.stop();
    });
  },
  async start(ctx) {
    await serviceOf(ctx).start();
    await batchJobsOf(ctx).start();
    await grpcServers.get(ctx)?.start();
  },
  async stop(ctx) {
    await grpcServers.get(ctx)?.stop();
    await batchJobsOf(ctx).stop();
    await serviceOf(ctx).stop();
  },
});

/** @throws FailedPreconditionError when logging is enabled without a BlobStore plugin. */
function predictionLoggerOf(ctx: PluginContext<ServingOptions>): PredictionLogger | undefined {
  if (!ctx.options.predictionLog.enabled) return undefined;
  const blobs = ctx.find(BlobStore);
  if (blobs === undefined) {
    throw new FailedPreconditionError(
      'predictionLog.enabled needs a BlobStore plugin (storage-fs or storage-s3), and none is configured',
      { field: 'predictionLog/enabled' },
    );
  }
  return new PredictionLogger(blobs, ctx.hooks, ctx.logger, ctx.options.predictionLog);
}

function serviceOf(ctx: PluginContext<ServingOptions>): DeploymentService {
  return ctx.get(Serving) as DeploymentService;
}

function batchJobsOf(ctx: PluginContext<ServingOptions>): BatchJobService {
  return ctx.get(BatchInference) as BatchJobService;
}
