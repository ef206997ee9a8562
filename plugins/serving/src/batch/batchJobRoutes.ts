import {
  type BatchInference,
  type BatchInputFormat,
  type BatchJob,
  isMlopsError,
  type JsonSchema,
  type RouteDefinition,
} from '@mlops/plugin-api';
import { deploymentPermission } from '../http/deploymentPermission.js';

const wireNames: Record<string, string> = {
  inputKey: 'input_key',
  outputKey: 'output_key',
  chunkRows: 'chunk_rows',
  rowsPerRequest: 'rows_per_request',
};

/** Errors name the request's fields (`input_key`), not the port's. */
function withWireFields(err: unknown): unknown {
  if (!isMlopsError(err) || typeof err.details.field !== 'string') return err;
  const wire = wireNames[err.details.field];
  if (wire !== undefined) (err.details as { field: string }).field = wire;
  return err;
}

function route(definition: RouteDefinition): RouteDefinition {
  return {
    ...definition,
    tags: ['serving'],
    errorStyle: 'native',
    async handler(request) {
      try {
        return await definition.handler(request);
      } catch (err) {
        throw withWireFields(err);
      }
    },
  };
}

/** A batch job in the native API: snake_case, unset fields left out. */
export function toNativeBatchJob(job: BatchJob): Record<string, unknown> {
  return {
    id: job.id,
    deployment: job.deployment,
    input_key: job.inputKey,
    input_sha256: job.inputSha256,
    format: job.format,
    output_key: job.outputKey,
    model: job.model,
    version: job.version,
    chunk_rows: job.chunkRows,
    rows_per_request: job.rowsPerRequest,
    status: job.status,
    ...(job.statusMessage === undefined ? {} : { status_message: job.statusMessage }),
    rows_done: job.rowsDone,
    ...(job.rowsTotal === undefined ? {} : { rows_total: job.rowsTotal }),
    created_by: job.createdBy,
    created_timestamp: job.createdAt,
    updated_timestamp: job.updatedAt,
    ...(job.finishedAt === undefined ? {} : { finished_timestamp: job.finishedAt }),
  };
}

const nameParams: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 } },
};
const jobParams: JsonSchema = {
  type: 'object',
  required: ['name', 'id'],
  properties: { name: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 } },
};

const location = (job: BatchJob) =>
  `/api/v1/deployments/${encodeURIComponent(job.deployment)}/batch-jobs/${job.id}`;

/** Batch inference jobs under `/api/v1/deployments/{name}/batch-jobs`. */
export function batchJobRoutes(jobs: BatchInference): RouteDefinition[] {
  return [
    route({
      method: 'POST',
      path: '/api/v1/deployments/:name/batch-jobs',
      summary: 'Start a batch inference job over a CSV, JSON Lines or Parquet blob',
      permission: deploymentPermission('EDIT'),
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          required: ['input_key'],
          additionalProperties: false,
          properties: {
            input_key: { type: 'string', minLength: 1 },
            format: { enum: ['csv', 'jsonl', 'parquet'] },
            output_key: { type: 'string', minLength: 1 },
            chunk_rows: { type: 'integer', minimum: 1, maximum: 1_000_000 },
            rows_per_request: { type: 'integer', minimum: 1, maximum: 4096 },
          },
        },
      },
      async handler(request) {
        const b = request.body as Record<string, unknown>;
        const job = await jobs.startBatchJob(
          request.params.name!,
          {
            inputKey: b.input_key as string,
            ...(b.format === undefined ? {} : { format: b.format as BatchInputFormat }),
            ...(b.output_key === undefined ? {} : { outputKey: b.output_key as string }),
            ...(b.chunk_rows === undefined ? {} : { chunkRows: b.chunk_rows as number }),
            ...(b.rows_per_request === undefined ? {} : { rowsPerRequest: b.rows_per_request as number }),
          },
          request.call,
        );
        return {
          status: 201,
          headers: { Location: location(job) },
          body: { batch_job: toNativeBatchJob(job) },
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/deployments/:name/batch-jobs',
      summary: "A deployment's batch jobs, newest first",
      permission: deploymentPermission('READ'),
      schema: { params: nameParams },
      async handler(request) {
        const list = await jobs.listBatchJobs(request.params.name!, request.call);
        return { batch_jobs: list.map(toNativeBatchJob) };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/deployments/:name/batch-jobs/:id',
      summary: 'A batch job: status, rows done of rows in all, output key',
      permission: deploymentPermission('READ'),
      schema: { params: jobParams },
      async handler(request) {
        const job = await jobs.getBatchJob(request.params.name!, request.params.id!, request.call);
        return { batch_job: toNativeBatchJob(job) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/deployments/:name/batch-jobs/:id/resume',
      summary: 'Run a failed batch job again from its last checkpoint',
      permission: deploymentPermission('EDIT'),
      schema: { params: jobParams },
      async handler(request) {
        const job = await jobs.resumeBatchJob(request.params.name!, request.params.id!, request.call);
        return { batch_job: toNativeBatchJob(job) };
      },
    }),
  ];
}
