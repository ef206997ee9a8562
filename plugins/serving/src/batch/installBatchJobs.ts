import { BatchInference, BlobStore, HttpRoutes, type PluginContext, type Serving } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { ServingOptions } from '../options.js';
import { BatchJobService } from './BatchJobService.js';
import { BatchJobStore } from './BatchJobStore.js';
import { batchJobCommands } from './batchJobCommands.js';
import { batchJobRoutes } from './batchJobRoutes.js';

/**
 * Provides `BatchInference` over `serving`, with its routes (when HttpRoutes is configured) and
 * `mlops deployments batch-jobs ...` commands. A job keeps two full batches of requests in its
 * deployment's queue (at most half the queue, so online traffic still gets in).
 */
export function installBatchJobs(
  ctx: PluginContext<ServingOptions>,
  serving: Serving,
  db: Knex,
): BatchJobService {
  const { batching, maxQueued } = ctx.options;
  const service = new BatchJobService({
    serving,
    blobs: ctx.find(BlobStore),
    store: new BatchJobStore(db),
    logger: ctx.logger,
    inFlight: Math.max(
      1,
      Math.min(Math.floor(maxQueued / 2), 2 * batching.maxBatchSize * batching.maxConcurrentBatches),
    ),
  });
  ctx.provide(BatchInference, service);
  ctx.find(HttpRoutes)?.add(...batchJobRoutes(service));
  for (const command of batchJobCommands) ctx.addCommand(command);
  return service;
}
