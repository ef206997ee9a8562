import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link servingPlugin}. */
export interface ServingOptions {
  /** Environments deployments may name, in promotion order. */
  readonly environments: readonly string[];
  /**
   * When true, a version may be deployed to an environment only if a deployment of the previous
   * environment in `environments` has served it (dev -> staging -> prod).
   */
  readonly promotionOrder: boolean;
  /** The backend of deployments that name none. */
  readonly defaultBackend: string;
  /** How long a replaced model may finish its requests in flight before it is unloaded anyway. */
  readonly drainTimeoutMs: number;
  /** How long a rollout waits for a loaded model to say it is ready. */
  readonly readyTimeoutMs: number;
  /** How requests are grouped into model calls. */
  readonly batching: BatchingOptions;
  /** Requests that may wait per deployment; one more gets 503 with `Retry-After`. */
  readonly maxQueued: number;
  /** A prediction not answered within this time (queue included) gets 503; 0 for no limit. */
  readonly requestTimeoutMs: number;
  /** Answers kept per deployment in an LRU cache keyed by a hash of the inputs; 0 turns it off. */
  readonly cacheEntries: number;
  /** Request and answer logging to the BlobStore (needs a BlobStore plugin when enabled). */
  readonly predictionLog: PredictionLogOptions;
  /** The Open Inference Protocol's gRPC service, beside REST (off unless enabled). */
  readonly grpc: GrpcOptions;
  /** The circuit breaker around remote backends (every backend but `onnx`). */
  readonly circuitBreaker: {
    /** Consecutive failures that open the circuit. */
    readonly failureThreshold: number;
    /** How long it stays open before a trial request. */
    readonly resetTimeoutMs: number;
  };
}

/** Logging of requests and answers to the BlobStore, for drift and quality monitoring. */
export interface PredictionLogOptions {
  readonly enabled: boolean;
  /** Share of predictions logged, chosen by a hash of the request id (so a retried id is logged or not alike). */
  readonly sampleRate: number;
  /** Input and output names whose values are never written (their data is replaced by `[]`, with `redacted: true`). */
  readonly redact: readonly string[];
  /** Records per blob: a deployment's buffer is written when it holds this many. */
  readonly batchSize: number;
  /** Buffers are also written this often, full or not. */
  readonly flushIntervalMs: number;
  /** Blob keys start with this prefix: `<prefix>/<deployment>/<date>/<time>-<n>.jsonl`. */
  readonly prefix: string;
}

/** Where the gRPC service (KServe's `inference.GRPCInferenceService`) listens. */
export interface GrpcOptions {
  readonly enabled: boolean;
  readonly host: string;
  /** 0 for any free port (the one bound is logged). */
  readonly port: number;
}

/** Micro-batching settings. */
export interface BatchingOptions {
  /**
   * `adaptive`: send as soon as the model is free (and the queue stopped filling), when full, or
   * after `maxWaitMs`; `window`: when full or after `maxWaitMs`; `none`: one request per call.
   */
  readonly policy: 'adaptive' | 'window' | 'none';
  /** The most requests stacked into one model call. */
  readonly maxBatchSize: number;
  /** The longest a request waits for others to join its batch. */
  readonly maxWaitMs: number;
  /** Model calls that may run at once per deployment. */
  readonly maxConcurrentBatches: number;
}

/** JSON Schema of {@link ServingOptions}; the kernel validates options and fills defaults from it. */
export const servingOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    environments: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
      minItems: 1,
      uniqueItems: true,
      default: ['dev', 'staging', 'prod'],
      description: 'environments, in promotion order',
    },
    promotionOrder: {
      type: 'boolean',
      default: false,
      description: 'a version must have been deployed in the previous environment first',
    },
    defaultBackend: {
      type: 'string',
      minLength: 1,
      default: 'onnx',
      description: 'backend when none is named',
    },
    drainTimeoutMs: {
      type: 'integer',
      minimum: 0,
      default: 30_000,
      description: 'time a replaced model gets to finish its requests',
    },
    readyTimeoutMs: {
      type: 'integer',
      minimum: 0,
      default: 120_000,
      description: 'time a rollout waits for the new model to be ready',
    },
    batching: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        policy: { enum: ['adaptive', 'window', 'none'], default: 'adaptive', description: 'batching policy' },
        maxBatchSize: {
          type: 'integer',
          minimum: 1,
          maximum: 4096,
          default: 64,
          description: 'requests per model call',
        },
        maxWaitMs: {
          type: 'number',
          minimum: 0,
          default: 2,
          description: 'longest wait for a batch to fill',
        },
        maxConcurrentBatches: {
          type: 'integer',
          minimum: 1,
          default: 1,
          description: 'model calls at once per deployment',
        },
      },
    },
    maxQueued: { type: 'integer', minimum: 1, default: 1024, description: 'queued requests per deployment' },
    requestTimeoutMs: {
      type: 'integer',
      minimum: 0,
      default: 30_000,
      description: 'time a prediction may take, queue included; 0 for none',
    },
    cacheEntries: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'LRU prediction cache size; 0 for none',
    },
    predictionLog: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: {
          type: 'boolean',
          default: false,
          description: 'log requests and answers to the BlobStore',
        },
        sampleRate: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          default: 1,
          description: 'share of predictions logged',
        },
        redact: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [],
          description: 'input and output names never written',
        },
        batchSize: { type: 'integer', minimum: 1, default: 1000, description: 'records per blob' },
        flushIntervalMs: {
          type: 'integer',
          minimum: 10,
          default: 10_000,
          description: 'longest a record waits',
        },
        prefix: {
          type: 'string',
          minLength: 1,
          default: 'serving/predictions',
          description: 'blob key prefix',
        },
      },
    },
    grpc: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'serve the KServe v2 gRPC service' },
        host: {
          type: 'string',
          minLength: 1,
          default: '127.0.0.1',
          description: 'address the gRPC service binds',
        },
        port: {
          type: 'integer',
          minimum: 0,
          maximum: 65535,
          default: 8081,
          description: 'gRPC port; 0 for any free one',
        },
      },
    },
    circuitBreaker: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        failureThreshold: { type: 'integer', minimum: 1, default: 5 },
        resetTimeoutMs: { type: 'integer', minimum: 1, default: 10_000 },
      },
    },
  },
};
