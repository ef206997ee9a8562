import {
  InvalidArgumentError,
  type LoggedModelStatus,
  type LoggedModels,
  type RouteDefinition,
} from '@mlops/plugin-api';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { mlflowRunId } from './mlflowRunId.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { type NewLoggedModelFields, newLoggedModelOf } from './newLoggedModelOf.js';
import { mlflowModelStatus, toMlflowLoggedModel } from './toMlflowLoggedModel.js';
import { toMlflowFileInfo } from './toMlflowRun.js';
import {
  loggedModelPermission,
  mlflowExperimentPermission,
  mlflowExperimentsPermission,
  mlflowRunPermission,
} from './trackingPermissions.js';
import { int64Of } from './wireNumbers.js';

const string = { type: 'string' } as const;
const keyValues = {
  type: 'array',
  items: {
    type: 'object',
    required: ['key'],
    properties: { key: { type: 'string', minLength: 1 }, value: string },
  },
} as const;
const modelIdParams = {
  type: 'object',
  required: ['model_id'],
  properties: { model_id: { type: 'string', minLength: 1 } },
} as const;
const modelOut = {
  type: 'object',
  properties: {
    model: {
      type: 'object',
      properties: { info: { type: 'object' }, data: { type: 'object' } },
    },
  },
} as const;
/** `LoggedModelStatus` by name or number, as protobuf's JSON parser takes it. */
const statusSchema = {
  anyOf: [
    {
      type: 'string',
      enum: ['LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED', '1', '2', '3'],
    },
    { type: 'integer', enum: [1, 2, 3] },
  ],
} as const;

const statusByWire: Readonly<Record<string, LoggedModelStatus>> = {
  ...Object.fromEntries(Object.entries(mlflowModelStatus).map(([ours, wire]) => [wire, ours])),
  '1': 'PENDING',
  '2': 'READY',
  '3': 'UPLOAD_FAILED',
};

/** The final status a FinalizeLoggedModel request names. @throws InvalidArgumentError for PENDING. */
function finalStatus(value: unknown): Exclude<LoggedModelStatus, 'PENDING'> {
  const status = statusByWire[String(value)];
  if (status === undefined || status === 'PENDING') {
    throw new InvalidArgumentError(
      `status must be LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED, got ${JSON.stringify(value)}`,
      { field: 'status', reason: 'bad_status' },
    );
  }
  return status;
}

const keyValuesOf = (list: { key: string; value?: string }[] | undefined) =>
  (list ?? []).map((e) => ({ key: e.key, value: e.value ?? '' }));

/**
 * MLflow 3's logged model endpoints (`/mlflow/logged-models...`) and `runs/outputs`, with which
 * MLflow 3's `log_model` records a model, its params and tags, finalizes it once its artifacts
 * are uploaded (through the artifact proxy, under `<experiment>/models/<model id>/artifacts`), and
 * `register_model` and `load_model` find it again. Metrics of logged models are not stored.
 */
export function mlflowLoggedModelRoutes(models: LoggedModels): RouteDefinition[] {
  const modelAnswer = { 200: modelOut };
  return [
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/logged-models',
      rpc: 'createLoggedModel',
      summary: 'Create a logged model (PENDING until finalized) in an experiment',
      permission: mlflowExperimentPermission('EDIT'),
      schema: {
        body: {
          type: 'object',
          required: ['experiment_id'],
          properties: {
            experiment_id: { type: 'string', minLength: 1 },
            name: string,
            model_type: string,
            source_run_id: string,
            params: keyValues,
            tags: keyValues,
          },
        },
        response: modelAnswer,
      },
      async handler(request) {
        const b = request.body as NewLoggedModelFields & {
          params?: { key: string; value?: string }[];
          tags?: { key: string; value?: string }[];
        };
        const model = await models.createLoggedModel(
          newLoggedModelOf(b, keyValuesOf(b.params), keyValuesOf(b.tags)),
          request.call,
        );
        return { model: toMlflowLoggedModel(model) };
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/logged-models/search',
      rpc: 'searchLoggedModels',
      summary: 'Search the logged models of experiments (filter over attributes, params and tags)',
      permission: mlflowExperimentsPermission('READ'),
      schema: {
        body: {
          type: 'object',
          properties: {
            experiment_ids: { type: 'array', items: string },
            filter: string,
            datasets: {
              type: 'array',
              items: {
                type: 'object',
                required: ['dataset_name'],
                properties: { dataset_name: { type: 'string', minLength: 1 }, dataset_digest: string },
              },
            },
            max_results: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
            order_by: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field_name'],
                properties: {
                  field_name: string,
                  ascending: { type: 'boolean' },
                  dataset_name: string,
                  dataset_digest: string,
                },
              },
            },
            page_token: string,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { models: { type: 'array', items: { type: 'object' } }, next_page_token: string },
          },
        },
      },
      async handler(request) {
        const b = request.body as {
          experiment_ids?: string[];
          filter?: string;
          datasets?: { dataset_name: string; dataset_digest?: string }[];
          max_results?: number | string;
          order_by?: {
            field_name: string;
            ascending?: boolean;
            dataset_name?: string;
            dataset_digest?: string;
          }[];
          page_token?: string;
        };
        const maxResults = int64Of(b.max_results, 'max_results');
        const page = await models.searchLoggedModels(
          {
            experimentIds: b.experiment_ids ?? [],
            ...(b.filter ? { filter: b.filter } : {}),
            ...(b.datasets === undefined
              ? {}
              : {
                  datasets: b.datasets.map((d) => ({
                    name: d.dataset_name,
                    ...(d.dataset_digest ? { digest: d.dataset_digest } : {}),
                  })),
                }),
            ...(maxResults === undefined ? {} : { maxResults }),
            ...(b.order_by === undefined
              ? {}
              : {
                  orderBy: b.order_by.map((o) => ({
                    field: o.field_name,
                    ascending: o.ascending ?? true,
                    ...(o.dataset_name ? { datasetName: o.dataset_name } : {}),
                    ...(o.dataset_digest ? { datasetDigest: o.dataset_digest } : {}),
                  })),
                }),
            ...(b.page_token ? { pageToken: b.page_token } : {}),
          },
          request.call,
        );
        return {
          models: page.items.map(toMlflowLoggedModel),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/logged-models/:model_id',
      rpc: 'getLoggedModel',
      summary: 'Get a logged model',
      permission: loggedModelPermission('READ'),
      schema: { params: modelIdParams, response: modelAnswer },
      async handler(request) {
        return {
          model: toMlflowLoggedModel(await models.getLoggedModel(request.params.model_id!, request.call)),
        };
      },
    }),
    mlflowEndpoint({
      method: 'PATCH',
      path: '/mlflow/logged-models/:model_id',
      rpc: 'finalizeLoggedModel',
      summary: 'Finalize a logged model: READY once its artifacts are uploaded, or UPLOAD_FAILED',
      permission: loggedModelPermission('EDIT'),
      schema: {
        params: modelIdParams,
        body: { type: 'object', required: ['status'], properties: { status: statusSchema } },
        response: modelAnswer,
      },
      async handler(request) {
        const status = finalStatus((request.body as { status: unknown }).status);
        const model = await models.finalizeLoggedModel(request.params.model_id!, status, request.call);
        return { model: toMlflowLoggedModel(model) };
      },
    }),
    mlflowEndpoint({
      method: 'DELETE',
      path: '/mlflow/logged-models/:model_id',
      rpc: 'deleteLoggedModel',
      summary: 'Delete a logged model',
      permission: loggedModelPermission('MANAGE'),
      schema: { params: modelIdParams, response: { 200: s.empty } },
      async handler(request) {
        await models.deleteLoggedModel(request.params.model_id!, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'PATCH',
      path: '/mlflow/logged-models/:model_id/tags',
      rpc: 'setLoggedModelTags',
      summary: 'Set tags on a logged model',
      permission: loggedModelPermission('EDIT'),
      schema: {
        params: modelIdParams,
        body: { type: 'object', properties: { tags: keyValues } },
        response: { 200: s.empty },
      },
      async handler(request) {
        const b = request.body as { tags?: { key: string; value?: string }[] };
        await models.setLoggedModelTags(request.params.model_id!, keyValuesOf(b.tags), request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'DELETE',
      path: '/mlflow/logged-models/:model_id/tags/:tag_key',
      rpc: 'deleteLoggedModelTag',
      summary: 'Delete a tag of a logged model',
      permission: loggedModelPermission('EDIT'),
      schema: {
        params: {
          type: 'object',
          required: ['model_id', 'tag_key'],
          properties: {
            model_id: { type: 'string', minLength: 1 },
            tag_key: { type: 'string', minLength: 1 },
          },
        },
        response: { 200: s.empty },
      },
      async handler(request) {
        await models.deleteLoggedModelTag(request.params.model_id!, request.params.tag_key!, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/logged-models/:model_id/params',
      rpc: 'logLoggedModelParams',
      summary: 'Log params of a logged model (immutable once logged)',
      permission: loggedModelPermission('EDIT'),
      schema: {
        params: modelIdParams,
        body: { type: 'object', properties: { params: keyValues } },
        response: { 200: s.empty },
      },
      async handler(request) {
        const b = request.body as { params?: { key: string; value?: string }[] };
        await models.logLoggedModelParams(request.params.model_id!, keyValuesOf(b.params), request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/logged-models/:model_id/artifacts/directories',
      rpc: 'listLoggedModelArtifacts',
      summary: "List a directory of a logged model's artifacts; paths are relative to the model's root",
      permission: loggedModelPermission('READ'),
      schema: {
        params: modelIdParams,
        query: { type: 'object', properties: { artifact_directory_path: string, page_token: string } },
        response: {
          200: {
            type: 'object',
            properties: { root_uri: string, files: { type: 'array', items: s.fileInfoOut } },
          },
        },
      },
      async handler(request) {
        const modelId = request.params.model_id!;
        const dir = request.query.artifact_directory_path;
        const model = await models.getLoggedModel(modelId, request.call);
        const entries = await models.listModelArtifacts(
          modelId,
          typeof dir === 'string' && dir !== '' ? dir.replace(/\/$/, '') : undefined,
          request.call,
        );
        return { root_uri: model.artifactUri, files: entries.map((e) => toMlflowFileInfo(e)) };
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/outputs',
      rpc: 'logOutputs',
      summary: 'Record the logged models a run produced',
      permission: mlflowRunPermission('EDIT'),
      schema: {
        body: {
          type: 'object',
          properties: {
            run_id: string,
            models: {
              type: 'array',
              items: {
                type: 'object',
                required: ['model_id'],
                properties: {
                  model_id: { type: 'string', minLength: 1 },
                  step: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
                },
              },
            },
          },
        },
        response: { 200: s.empty },
      },
      async handler(request) {
        const b = request.body as { models?: { model_id: string; step?: number | string }[] };
        await models.logOutputs(
          mlflowRunId(b),
          (b.models ?? []).map((m, i) => ({
            modelId: m.model_id,
            step: int64Of(m.step, `models[${i}].step`) ?? 0,
          })),
          request.call,
        );
        return {};
      },
    }),
  ].flat();
}
