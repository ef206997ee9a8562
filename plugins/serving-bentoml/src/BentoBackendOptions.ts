import {
  InvalidArgumentError,
  type TensorDatatype,
  type TensorSpec,
  tensorDatatypes,
} from '@mlops/plugin-api';

/** Where a deployment's Bento runs on BentoCloud (or a Yatai server) and how it is deployed there. */
export interface BentoCloudTarget {
  /** The organisation's API endpoint, e.g. `https://my-org.cloud.bentoml.com`. */
  readonly endpoint: string;
  /** The environment variable that holds the API token (sent as `X-YATAI-API-TOKEN`); default `BENTO_CLOUD_API_KEY`. */
  readonly tokenEnv: string;
  /** The cluster (`?cluster=`); the organisation's default when absent. */
  readonly cluster?: string;
  /** The deployment's name; default `<deployment>-<environment>-v<version>`, lower case. */
  readonly name?: string;
  /** A Bento tag already pushed; when absent the model version is generated, built and pushed with the BentoML CLI. */
  readonly bento?: string;
  /** The Bento's service class, which `instanceType` and the replicas apply to; known for generated Bentos. */
  readonly service?: string;
  readonly instanceType?: string;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  /** Whether the endpoint requires the token (`Authorization: Bearer`); default false. */
  readonly accessAuthorization: boolean;
  /** Environment variables of the deployment. */
  readonly envs: Readonly<Record<string, string>>;
  /** How long to wait for status `running`; default 15 minutes. */
  readonly deployTimeoutMs: number;
  /** Default 5 s. */
  readonly pollIntervalMs: number;
  /** What `unload` does to the deployment: delete it (default), terminate it, or keep it. */
  readonly onUnload: 'delete' | 'terminate' | 'keep';
}

/** A deployment's options for the `bentoml` backend: exactly one of `url` and `cloud`. */
export interface BentoBackendOptions {
  /** The base URL of a running BentoML server (`bentoml serve`, a container, a cluster service). */
  readonly url?: string;
  readonly cloud?: BentoCloudTarget;
  /** The `@bentoml.api` method to call (`POST /<apiName>`); default `predict`. */
  readonly apiName: string;
  /** The API's inputs; read from the server's `/docs.json` when absent. */
  readonly inputs?: readonly TensorSpec[];
  /** The API's outputs (keys of its JSON answer, or one name for an answer that is an array). */
  readonly outputs?: readonly TensorSpec[];
  /** Per request to the service; default 30 s. */
  readonly timeoutMs: number;
}

const tensorSpecSchema = {
  type: 'object',
  required: ['name', 'datatype', 'shape'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    datatype: { enum: tensorDatatypes },
    shape: { type: 'array', items: { type: 'integer', minimum: -1 } },
  },
};

/** JSON Schema of {@link BentoBackendOptions}, for the serving plugin's documentation and checks. */
export const bentoBackendOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['url'] }, { required: ['cloud'] }],
  properties: {
    url: { type: 'string', format: 'uri' },
    apiName: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', default: 'predict' },
    inputs: { type: 'array', items: tensorSpecSchema },
    outputs: { type: 'array', items: tensorSpecSchema },
    timeoutMs: { type: 'integer', minimum: 1, default: 30_000 },
    cloud: {
      type: 'object',
      required: ['endpoint'],
      additionalProperties: false,
      properties: {
        endpoint: { type: 'string', format: 'uri' },
        tokenEnv: { type: 'string', default: 'BENTO_CLOUD_API_KEY' },
        cluster: { type: 'string' },
        name: { type: 'string' },
        bento: { type: 'string' },
        service: { type: 'string' },
        instanceType: { type: 'string' },
        minReplicas: { type: 'integer', minimum: 0 },
        maxReplicas: { type: 'integer', minimum: 1 },
        accessAuthorization: { type: 'boolean', default: false },
        envs: { type: 'object', additionalProperties: { type: 'string' } },
        deployTimeoutMs: { type: 'integer', minimum: 1, default: 900_000 },
        pollIntervalMs: { type: 'integer', minimum: 1, default: 5_000 },
        onUnload: { enum: ['delete', 'terminate', 'keep'], default: 'delete' },
      },
    },
  },
};

/**
 * Checks a deployment's raw backend options and fills the defaults.
 * @throws InvalidArgumentError naming the field (`options.url`, `options.cloud.endpoint`...).
 */
export function parseBentoBackendOptions(raw: Record<string, unknown>): BentoBackendOptions {
  const at = new OptionReader(raw, 'options');
  at.only(['url', 'cloud', 'apiName', 'inputs', 'outputs', 'timeoutMs']);
  const url = at.url('url');
  const cloudRaw = raw.cloud;
  if ((url === undefined) === (cloudRaw === undefined)) {
    throw new InvalidArgumentError('the bentoml backend needs exactly one of options.url and options.cloud', {
      field: 'options',
    });
  }
  const apiName = at.string('apiName') ?? 'predict';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiName)) {
    throw new InvalidArgumentError(`options.apiName "${apiName}" is not a Python method name`, {
      field: 'options.apiName',
    });
  }
  const inputs = at.tensorSpecs('inputs');
  const outputs = at.tensorSpecs('outputs');
  return {
    ...(url === undefined ? {} : { url }),
    ...(cloudRaw === undefined ? {} : { cloud: parseCloud(cloudRaw) }),
    apiName,
    ...(inputs === undefined ? {} : { inputs }),
    ...(outputs === undefined ? {} : { outputs }),
    timeoutMs: at.positiveInteger('timeoutMs') ?? 30_000,
  };
}

function parseCloud(raw: unknown): BentoCloudTarget {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError('options.cloud must be an object', { field: 'options.cloud' });
  }
  const at = new OptionReader(raw as Record<string, unknown>, 'options.cloud');
  at.only([
    'endpoint',
    'tokenEnv',
    'cluster',
    'name',
    'bento',
    'service',
    'instanceType',
    'minReplicas',
    'maxReplicas',
    'accessAuthorization',
    'envs',
    'deployTimeoutMs',
    'pollIntervalMs',
    'onUnload',
  ]);
  const endpoint = at.url('endpoint');
  if (endpoint === undefined) {
    throw new InvalidArgumentError('options.cloud.endpoint is required', { field: 'options.cloud.endpoint' });
  }
  const onUnload = at.string('onUnload') ?? 'delete';
  if (onUnload !== 'delete' && onUnload !== 'terminate' && onUnload !== 'keep') {
    throw new InvalidArgumentError(
      `options.cloud.onUnload must be delete, terminate or keep, not "${onUnload}"`,
      {
        field: 'options.cloud.onUnload',
      },
    );
  }
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    endpoint,
    tokenEnv: at.string('tokenEnv') ?? 'BENTO_CLOUD_API_KEY',
    ...optional('cluster', at.string('cluster')),
    ...optional('name', at.string('name')),
    ...optional('bento', at.string('bento')),
    ...optional('service', at.string('service')),
    ...optional('instanceType', at.string('instanceType')),
    ...optional('minReplicas', at.positiveInteger('minReplicas', 0)),
    ...optional('maxReplicas', at.positiveInteger('maxReplicas')),
    accessAuthorization: at.boolean('accessAuthorization') ?? false,
    envs: at.stringMap('envs') ?? {},
    deployTimeoutMs: at.positiveInteger('deployTimeoutMs') ?? 900_000,
    pollIntervalMs: at.positiveInteger('pollIntervalMs') ?? 5_000,
    onUnload,
  };
}

/** Reads typed fields of one options object, naming `<prefix>.<key>` in every error. */
class OptionReader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly prefix: string,
  ) {}

  only(keys: readonly string[]): void {
    const unknown = Object.keys(this.raw).find((k) => !keys.includes(k));
    if (unknown !== undefined) {
      throw new InvalidArgumentError(`${this.prefix}.${unknown} is not an option of the bentoml backend`, {
        field: `${this.prefix}.${unknown}`,
      });
    }
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw this.bad(key, 'a non-empty string');
    return value;
  }

  url(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^https?:\/\/[^/]/.test(value) || !URL.canParse(value)) throw this.bad(key, 'an http(s) URL');
    return value.replace(/\/+$/, '');
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.bad(key, 'a boolean');
    return value;
  }

  positiveInteger(key: string, minimum = 1): number | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
      throw this.bad(key, `an integer of at least ${minimum}`);
    }
    return value;
  }

  stringMap(key: string): Record<string, string> | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw this.bad(key, 'an object of strings');
    for (const [k, v] of Object.entries(value))
      if (typeof v !== 'string') throw this.bad(`${key}.${k}`, 'a string');
    return value as Record<string, string>;
  }

  tensorSpecs(key: string): TensorSpec[] | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.bad(key, 'an array of tensor specs');
    return value.map((item: unknown, i) => {
      const spec = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      const field = `${key}[${i}]`;
      if (typeof spec.name !== 'string' || spec.name === '')
        throw this.bad(`${field}.name`, 'a non-empty string');
      if (!tensorDatatypes.includes(spec.datatype as TensorDatatype))
        throw this.bad(`${field}.datatype`, `one of ${tensorDatatypes.join(', ')}`);
      const shape = spec.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= -1)) {
        throw this.bad(`${field}.shape`, 'an array of integers (-1 for a free dimension)');
      }
      return { name: spec.name, datatype: spec.datatype as TensorDatatype, shape: shape as number[] };
    });
  }

  private bad(key: string, expected: string): InvalidArgumentError {
    return new InvalidArgumentError(
      `${this.prefix}.${key} must be ${expected}, got ${JSON.stringify(this.raw[key.split(/[.[]/)[0]!])}`,
      {
        field: `${this.prefix}.${key}`,
      },
    );
  }
}
