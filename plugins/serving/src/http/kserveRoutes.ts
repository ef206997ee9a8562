import {
  type DeploymentMetadata,
  type HttpRequest,
  type HttpResponse,
  type InferenceRequest,
  type InferenceTensor,
  InvalidArgumentError,
  isMlopsError,
  type JsonSchema,
  NotFoundError,
  type RouteDefinition,
  type Serving,
  systemCall,
  tensorDatatypes,
} from '@mlops/plugin-api';
import { deploymentPermission } from './deploymentPermission.js';
import { requestKeyOf } from './trafficRoutes.js';

const statusByCategory: Record<string, number> = {
  InvalidArgument: 400,
  NotFound: 404,
  FailedPrecondition: 400,
  Unavailable: 503,
};

/**
 * Answers the Open Inference Protocol's error shape, `{ "error": "<message>" }` (with our
 * `error_code` and `details` beside it), for the errors a caller can act on.
 */
function kserveError(err: unknown): HttpResponse {
  if (!isMlopsError(err) || statusByCategory[err.category] === undefined) throw err;
  const retry = err.details.retryAfterSeconds;
  return {
    status: statusByCategory[err.category]!,
    headers: typeof retry === 'number' ? { 'Retry-After': String(Math.ceil(retry)) } : {},
    body: { error: err.message, error_code: err.category, details: err.details },
  };
}

function route(definition: RouteDefinition): RouteDefinition {
  return {
    ...definition,
    tags: ['kserve'],
    async handler(request: HttpRequest) {
      try {
        return await definition.handler(request);
      } catch (err) {
        return kserveError(err);
      }
    },
  };
}

const params = (withVersion: boolean): JsonSchema => ({
  type: 'object',
  required: withVersion ? ['name', 'version'] : ['name'],
  properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } },
});

const inferBody: JsonSchema = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string' },
    parameters: { type: 'object' },
    inputs: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
    outputs: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
};

/** The version a path names, checked against the one served. */
function checkVersion(request: HttpRequest, served: DeploymentMetadata): number | undefined {
  const raw = request.params.version;
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(raw)) {
    throw new InvalidArgumentError(`version "${raw}" is not a model version number`, { field: 'version' });
  }
  if (Number(raw) !== served.version) {
    throw new NotFoundError(
      `deployment "${served.name}" serves version ${served.version}, not version ${raw}`,
      {
        field: 'version',
      },
    );
  }
  return Number(raw);
}

function toInferenceRequest(body: Record<string, unknown>): InferenceRequest {
  const inputs = (body.inputs as Record<string, unknown>[]).map((input) => {
    const name = String(input.name);
    if (!(tensorDatatypes as readonly string[]).includes(input.datatype as string)) {
      throw new InvalidArgumentError(
        `input "${name}" has datatype ${JSON.stringify(input.datatype)}, which is not one of ${tensorDatatypes.join(', ')}`,
        { field: `inputs/${name}`, reason: 'bad_datatype' },
      );
    }
    return input as unknown as InferenceTensor;
  });
  const outputs = (body.outputs as { name: string }[] | undefined)?.map((o) => o.name);
  return {
    ...(typeof body.id === 'string' ? { id: body.id } : {}),
    inputs,
    ...(outputs === undefined ? {} : { outputs }),
    ...(body.parameters === undefined ? {} : { parameters: body.parameters as Record<string, unknown> }),
  };
}

function metadataBody(m: DeploymentMetadata) {
  return {
    name: m.name,
    versions: m.version > 0 ? [String(m.version)] : [],
    platform: m.backend === 'onnx' ? 'onnxruntime_onnx' : m.backend,
    inputs: m.inputs.map((s) => ({ name: s.name, datatype: s.datatype, shape: s.shape })),
    outputs: m.outputs.map((s) => ({ name: s.name, datatype: s.datatype, shape: s.shape })),
  };
}

/** Whether every deployment answers: the server's state, the same for every caller (the route is public). */
async function ready(serving: Serving): Promise<boolean> {
  const all = await serving.listDeployments({}, systemCall('serving:health'));
  return all.every((d) => d.state === 'ready');
}

/**
 * The Open Inference Protocol (KServe v2) REST API; `{name}` is a deployment's name and
 * `{version}` the model version it serves.
 */
export function kserveRoutes(serving: Serving): RouteDefinition[] {
  const perModel = (withVersion: boolean): RouteDefinition[] => {
    const base = withVersion ? '/v2/models/:name/versions/:version' : '/v2/models/:name';
    return [
      route({
        method: 'GET',
        path: base,
        summary: 'Model metadata: name, versions, platform, input and output tensors',
        permission: deploymentPermission('READ'),
        schema: { params: params(withVersion) },
        async handler(request) {
          const served = await serving.metadata(request.params.name!, request.call);
          checkVersion(request, served);
          return metadataBody(served);
        },
      }),
      route({
        method: 'GET',
        path: `${base}/ready`,
        summary: 'Model readiness: 200 when it answers predictions, 503 while it loads',
        permission: deploymentPermission('READ'),
        schema: { params: params(withVersion) },
        async handler(request) {
          const served = await serving.metadata(request.params.name!, request.call);
          checkVersion(request, served);
          return { status: served.ready ? 200 : 503, body: { name: served.name, ready: served.ready } };
        },
      }),
      route({
        method: 'POST',
        path: `${base}/infer`,
        summary: 'Inference on the tensors given (datatype and shape checked against the model)',
        permission: deploymentPermission('READ'),
        schema: { params: params(withVersion), body: inferBody },
        async handler(request) {
          const name = request.params.name!;
          const version = request.params.version === undefined ? undefined : Number(request.params.version);
          if (request.params.version !== undefined && !/^[1-9]\d*$/.test(request.params.version)) {
            throw new InvalidArgumentError(
              `version "${request.params.version}" is not a model version number`,
              {
                field: 'version',
              },
            );
          }
          const answer = await serving.predict(
            name,
            // The request id (`x-request-id`) is the inference id when the body has none, so A/B outcomes can name it.
            { id: request.call.requestId, ...toInferenceRequest(request.body as Record<string, unknown>) },
            request.call,
            { ...(version === undefined ? {} : { version }), ...requestKeyOf(request) },
          );
          return {
            model_name: answer.modelName,
            ...(answer.modelVersion === undefined ? {} : { model_version: answer.modelVersion }),
            ...(answer.id === undefined ? {} : { id: answer.id }),
            outputs: answer.outputs.map((o) => ({
              name: o.name,
              datatype: o.datatype,
              shape: o.shape,
              data: o.data,
            })),
          };
        },
      }),
    ];
  };
  return [
    route({
      method: 'GET',
      path: '/v2',
      summary: 'Server metadata',
      permission: 'public',
      async handler() {
        return { name: 'mlops-serving', version: '0.1.0', extensions: [] };
      },
    }),
    route({
      method: 'GET',
      path: '/v2/health/live',
      summary: 'Server liveness',
      permission: 'public',
      async handler() {
        return { live: true };
      },
    }),
    route({
      method: 'GET',
      path: '/v2/health/ready',
      summary: 'Server readiness: 200 when every deployment answers, 503 otherwise',
      permission: 'public',
      async handler() {
        const isReady = await ready(serving);
        return { status: isReady ? 200 : 503, body: { ready: isReady } };
      },
    }),
    ...perModel(false),
    ...perModel(true),
  ];
}
