import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  type Auth,
  type CallContext,
  type DeploymentMetadata,
  type ErrorCategory,
  type InferenceRequest,
  type InferenceTensor,
  InvalidArgumentError,
  isMlopsError,
  type Logger,
  NotFoundError,
  PermissionDeniedError,
  type Serving,
  systemCall,
  type TensorDatatype,
  tensorDatatypes,
} from '@mlops/plugin-api';
import { fromContents, fromRaw, type TensorContents, toContents, toRaw } from './tensorContents.js';

const protoPath = fileURLToPath(new URL('../../../proto/grpc_predict_v2.proto', import.meta.url));

const statusOf: Record<ErrorCategory, grpc.status> = {
  NotFound: grpc.status.NOT_FOUND,
  AlreadyExists: grpc.status.ALREADY_EXISTS,
  InvalidArgument: grpc.status.INVALID_ARGUMENT,
  PermissionDenied: grpc.status.PERMISSION_DENIED,
  Unauthenticated: grpc.status.UNAUTHENTICATED,
  FailedPrecondition: grpc.status.FAILED_PRECONDITION,
  Conflict: grpc.status.ABORTED,
  Unavailable: grpc.status.UNAVAILABLE,
  DataLoss: grpc.status.DATA_LOSS,
  Internal: grpc.status.INTERNAL,
};

interface WireTensor {
  name: string;
  datatype: string;
  shape: number[];
  contents?: TensorContents | null;
}

interface WireInferRequest {
  model_name: string;
  model_version: string;
  id: string;
  inputs: WireTensor[];
  outputs: { name: string }[];
  raw_input_contents: Buffer[];
}

/** What the gRPC service needs from the plugin. */
export interface GrpcInferenceServerDeps {
  readonly serving: Serving;
  readonly logger: Logger;
  /** The Auth port when one is configured: model calls then need READ on the deployment. */
  readonly auth: () => Auth | undefined;
}

/**
 * The Open Inference Protocol's gRPC service (KServe's `inference.GRPCInferenceService`) over the
 * `Serving` port, so it shares deployments, queues, batching and metrics with the REST API. A
 * model is a deployment's name; its version, the model version it serves.
 */
export class GrpcInferenceServer {
  private server: grpc.Server | undefined;

  constructor(private readonly deps: GrpcInferenceServerDeps) {}

  /** Listens on `host:port` (0: any free port) and resolves with the port bound. */
  async start(host: string, port: number): Promise<number> {
    const definition = protoLoader.loadSync(protoPath, {
      keepCase: true,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const proto = grpc.loadPackageDefinition(definition) as unknown as {
      inference: { GRPCInferenceService: { service: grpc.ServiceDefinition } };
    };
    const server = new grpc.Server();
    server.addService(proto.inference.GRPCInferenceService.service, this.handlers());
    const bound = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err === null ? resolve(p) : reject(err),
      );
    });
    this.server = server;
    return bound;
  }

  /** Stops taking calls and waits (at most `graceMs`) for those in flight. */
  async stop(graceMs = 5000): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private handlers(): grpc.UntypedServiceImplementation {
    const { serving } = this.deps;
    return {
      ServerLive: this.unary(async () => ({ live: true })),
      ServerReady: this.unary(async (_request, call) => {
        const all = await serving.listDeployments({}, call);
        return { ready: all.every((d) => d.state === 'ready') };
      }),
      ServerMetadata: this.unary(async () => ({ name: 'mlops-serving', version: '0.1.0', extensions: [] })),
      ModelReady: this.unary(async (request: { name: string; version: string }, call, metadata) => {
        const served = await this.served(request.name, request.version, call, metadata);
        return { ready: served.ready };
      }),
      ModelMetadata: this.unary(async (request: { name: string; version: string }, call, metadata) => {
        const m = await this.served(request.name, request.version, call, metadata);
        const spec = (s: { name: string; datatype: string; shape: readonly number[] }) => ({
          name: s.name,
          datatype: s.datatype,
          shape: [...s.shape],
        });
        return {
          name: m.name,
          versions: m.version > 0 ? [String(m.version)] : [],
          platform: m.backend === 'onnx' ? 'onnxruntime_onnx' : m.backend,
          inputs: m.inputs.map(spec),
          outputs: m.outputs.map(spec),
        };
      }),
      ModelInfer: this.unary(async (request: WireInferRequest, call, metadata) => {
        const call_ = await this.authorized(request.model_name, call, metadata);
        const version = versionOf(request.model_version);
        const raw = request.raw_input_contents.length > 0;
        const answer = await serving.predict(
          request.model_name,
          toInferenceRequest(request),
          call_,
          version === undefined ? {} : { version },
        );
        const asRaw = raw || answer.outputs.some((o) => o.datatype === 'FP16');
        return {
          model_name: answer.modelName,
          model_version: answer.modelVersion ?? '',
          id: answer.id ?? request.id,
          outputs: answer.outputs.map((o) => ({
            name: o.name,
            datatype: o.datatype,
            shape: [...o.shape],
            ...(asRaw ? {} : { contents: toContents(o) }),
          })),
          raw_output_contents: asRaw ? answer.outputs.map(toRaw) : [],
        };
      }),
    };
  }

  /** The deployment's metadata, after the caller is found allowed to READ it. */
  private async served(
    name: string,
    version: string,
    call: CallContext,
    metadata: grpc.Metadata,
  ): Promise<DeploymentMetadata> {
    const served = await this.deps.serving.metadata(name, await this.authorized(name, call, metadata));
    const wanted = versionOf(version);
    if (wanted !== undefined && wanted !== served.version) {
      throw new NotFoundError(
        `deployment "${name}" serves version ${served.version}, not version ${wanted}`,
        {
          field: 'version',
        },
      );
    }
    return served;
  }

  /** With an Auth port, the caller's principal (from `authorization` metadata) must READ the deployment. */
  private async authorized(name: string, call: CallContext, metadata: grpc.Metadata): Promise<CallContext> {
    const auth = this.deps.auth();
    if (auth === undefined) return call;
    const authorization = metadata.get('authorization')[0];
    const principal = await auth.authenticate(typeof authorization === 'string' ? { authorization } : {});
    if (!(await auth.authorize(principal, 'READ', { kind: 'deployment', id: name }))) {
      throw new PermissionDeniedError(`${principal.id} may not READ deployment "${name}"`);
    }
    return { ...call, principal };
  }

  /** A unary handler that maps our errors onto gRPC status codes, the message kept. */
  private unary<Req, Res>(
    fn: (request: Req, call: CallContext, metadata: grpc.Metadata) => Promise<Res>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const context = systemCall(`grpc:${call.getPath()}`);
      fn(
        call.request,
        { ...context, principal: { id: 'anonymous', kind: 'anonymous', roles: [] } },
        call.metadata,
      ).then(
        (response) => callback(null, response),
        (err: unknown) => {
          if (isMlopsError(err)) {
            callback({ code: statusOf[err.category], details: err.message });
            return;
          }
          this.deps.logger.error({ err: (err as Error).message, path: call.getPath() }, 'gRPC call failed');
          callback({ code: grpc.status.INTERNAL, details: 'internal error' });
        },
      );
    };
  }
}

function versionOf(raw: string): number | undefined {
  if (raw === '') return undefined;
  if (!/^[1-9]\d*$/.test(raw)) {
    throw new InvalidArgumentError(`version "${raw}" is not a model version number`, { field: 'version' });
  }
  return Number(raw);
}

/** The request in the port's shape: typed contents or raw bytes, per input. */
function toInferenceRequest(request: WireInferRequest): InferenceRequest {
  const raw = request.raw_input_contents;
  if (raw.length > 0 && raw.length !== request.inputs.length) {
    throw new InvalidArgumentError(
      `raw_input_contents has ${raw.length} entries, but the request has ${request.inputs.length} inputs`,
      { field: 'raw_input_contents' },
    );
  }
  const inputs = request.inputs.map((input, i): InferenceTensor => {
    const datatype = input.datatype as TensorDatatype;
    if (!tensorDatatypes.includes(datatype)) {
      throw new InvalidArgumentError(
        `input "${input.name}" has datatype ${JSON.stringify(input.datatype)}, which is not one of ${tensorDatatypes.join(', ')}`,
        { field: `inputs/${input.name}`, reason: 'bad_datatype' },
      );
    }
    if (raw.length > 0 && input.contents !== null && input.contents !== undefined) {
      throw new InvalidArgumentError(
        `input "${input.name}" has contents, but raw_input_contents is given: use one or the other`,
        { field: `inputs/${input.name}` },
      );
    }
    const data =
      raw.length > 0
        ? fromRaw(input.name, datatype, raw[i]!)
        : fromContents(input.name, datatype, input.contents);
    return { name: input.name, datatype, shape: input.shape, data };
  });
  return {
    ...(request.id === '' ? {} : { id: request.id }),
    inputs,
    ...(request.outputs.length === 0 ? {} : { outputs: request.outputs.map((o) => o.name) }),
  };
}
