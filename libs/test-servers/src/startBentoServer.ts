import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A numpy dtype name, as BentoML's `DType` validator takes it. */
export type BentoDtype = 'float16' | 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'bool';

/** A nested list of numbers or booleans: what a numpy array becomes in JSON (`ndarray.tolist()`). */
export type NestedValues = number | boolean | NestedValues[];

/** One parameter of an API: `Annotated[np.ndarray, Shape(shape), DType(dtype)]`. */
export interface BentoParamDefinition {
  readonly dtype: BentoDtype;
  /** As `Shape(...)`: `-1` for at most one free dimension; absent for no reshape. */
  readonly shape?: readonly number[];
}

/** One `@bentoml.api` method of the emulated service. */
export interface BentoApiDefinition {
  /** The method's parameters by name, in declaration order: the JSON body's keys. */
  readonly params: Readonly<Record<string, BentoParamDefinition>>;
  /** The return annotation, for `/docs.json`: a tensor, or an object (a dict of tensors). */
  readonly output?: BentoParamDefinition | 'object';
  /**
   * The method's body: receives each parameter as numpy would hold it after validation (nested
   * lists, reshaped, converted to the dtype) and returns the JSON value BentoML would send. A
   * throw is an unexpected error (500), as an exception in a real service.
   */
  run(params: Readonly<Record<string, NestedValues>>): unknown;
}

/** Options of {@link startBentoServer}. */
export interface BentoServerOptions {
  /** The `@bentoml.service` class name; default `MlopsService`. */
  readonly serviceName?: string;
  readonly apis: Readonly<Record<string, BentoApiDefinition>>;
  /** Whether `/readyz` answers 200 from the start (default true); see `setReady`. */
  readonly ready?: boolean;
}

/** A running BentoML-protocol server. */
export interface BentoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Every API call received, in order: the path and the parsed JSON body (undefined if not JSON). */
  readonly calls: readonly { readonly path: string; readonly body: unknown }[];
  /** Flips what `__is_ready__()` returns, hence `/readyz`. */
  setReady(ready: boolean): void;
  /** Closes the server and its connections. Safe to call twice. */
  stop(): Promise<void>;
}

const pydanticUrl = 'https://errors.pydantic.dev/2.11/v';
const unexpected = { error: 'An unexpected error has occurred, please check the server log.' };

/**
 * Starts, on a free port of 127.0.0.1, an HTTP server that answers as a served Bento of the
 * BentoML 1.2+ SDK (`@bentoml.service` class with `@bentoml.api` methods taking numpy arrays), so
 * the serving-bentoml plugin is tested without Python. It follows BentoML's documents and source:
 *
 * - https://docs.bentoml.com/en/latest/build-with-bentoml/services.html and
 *   https://docs.bentoml.com/en/latest/build-with-bentoml/iotypes.html: `POST /<api_name>` with a
 *   JSON object keyed by the method's parameter names; tensors validated by `Shape`/`DType`
 *   (`np.array(value, dtype=...).reshape(shape)`); the return value as JSON (`ndarray.tolist()`).
 * - https://github.com/bentoml/BentoML/blob/main/src/_bentoml_impl/server/app.py: a pydantic
 *   validation error is **400** `{"error": "<n> validation error for Input", "detail": [{type, loc,
 *   msg, url}]}` (`error_count()` with a singular "error", as BentoML formats it); numpy's
 *   ValueErrors become pydantic `value_error`s ("Value error, cannot reshape array of size 3 into
 *   shape (4)", numpy's own shape notation); any other exception is **500** `{"error": "An
 *   unexpected error has occurred, please check the server log."}`; `/readyz` is **503** text
 *   "Service is not ready because .__is_ready__() returns False." until ready, then 200 `"\n"`;
 *   `/livez` and `/healthz` are 200 `"\n"`; `/docs.json` is the OpenAPI spec with the input
 *   schema `<api>__Input`; unknown paths 404 "Not Found", wrong methods 405 "Method Not Allowed"
 *   (Starlette's plain-text answers).
 * - https://docs.bentoml.com/en/latest/build-with-bentoml/observability/metrics.html: `/metrics`
 *   in Prometheus text with `bentoml_service_request_total`, `..._request_in_progress` and
 *   `..._request_duration_seconds` labelled by endpoint, service_name, runner_name,
 *   service_version and http_response_code.
 *
 * Not emulated: multipart and file inputs, batching, streaming, the `/schema.json` route and the
 * exact text of pydantic's `json_invalid` messages (the JSON parser's message is used).
 * @throws Error when the port cannot be bound.
 * @example
 * const bento = await startBentoServer({ apis: { predict: { params: { input: { dtype: 'float32', shape: [-1, 2] } },
 *   run: ({ input }) => (input as number[][]).map(([a, b]) => a! + b!) } } });
 * try { await fetch(`${bento.url}/predict`, { method: 'POST', body: '{"input": [[1, 2]]}' }); } finally { await bento.stop(); }
 */
export async function startBentoServer(options: BentoServerOptions): Promise<BentoServer> {
  const serviceName = options.serviceName ?? 'MlopsService';
  let ready = options.ready ?? true;
  const calls: { path: string; body: unknown }[] = [];
  const metrics = new RequestMetrics(serviceName);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, unexpected));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const api = Object.hasOwn(options.apis, path.slice(1)) ? options.apis[path.slice(1)] : undefined;
    const systemRoute = ['/livez', '/healthz', '/readyz', '/metrics', '/docs.json'].includes(path);
    if (api === undefined && !systemRoute) return sendText(res, 404, 'Not Found');
    if (req.method !== (api === undefined ? 'GET' : 'POST')) return sendText(res, 405, 'Method Not Allowed');
    if (path === '/livez' || path === '/healthz') return sendText(res, 200, '\n');
    if (path === '/readyz') {
      return ready
        ? sendText(res, 200, '\n')
        : sendText(res, 503, 'Service is not ready because .__is_ready__() returns False.');
    }
    if (path === '/metrics')
      return sendText(res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
    if (path === '/docs.json') return send(res, 200, openApiSpec(serviceName, options.apis));
    const started = process.hrtime.bigint();
    metrics.begin(path);
    const raw = await readBody(req);
    const [status, body] = callApi(api!, req.headers['content-type'], raw);
    calls.push({ path, body: parseOrUndefined(raw) });
    metrics.end(path, status, Number(process.hrtime.bigint() - started) / 1e9);
    send(res, status, body, { server: `BentoML Service/${serviceName}` });
  }

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    setReady(value) {
      ready = value;
    },
    stop() {
      stopping ??= closeServer(server);
      return stopping;
    },
  };
}

/** Closes a server and drops its keep-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** What BentoML's `api_endpoint_wrapper` answers for one call: status and JSON body. */
function callApi(api: BentoApiDefinition, contentType: string | undefined, raw: string): [number, unknown] {
  const mediaType = (contentType ?? 'application/json').split(';')[0]!.trim();
  // ALL_SERDE has no entry for other media types: the KeyError is an unexpected error.
  if (mediaType !== 'application/json') return [500, unexpected];
  const errors: PydanticError[] = [];
  let body: unknown;
  try {
    body = JSON.parse(raw === '' ? '{}' : raw);
  } catch (err) {
    errors.push({ type: 'json_invalid', loc: [], msg: `Invalid JSON: ${(err as Error).message}` });
  }
  const params: Record<string, NestedValues> = {};
  if (errors.length === 0) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      errors.push({
        type: 'model_type',
        loc: [],
        msg: 'Input should be a valid dictionary or instance of Input',
      });
    } else {
      for (const [name, param] of Object.entries(api.params)) {
        const value = (body as Record<string, unknown>)[name];
        if (value === undefined) {
          errors.push({ type: 'missing', loc: [name], msg: 'Field required' });
          continue;
        }
        const converted = toNumpy(value, param);
        if (converted instanceof TypeError) return [500, unexpected];
        if (typeof converted === 'string')
          errors.push({ type: 'value_error', loc: [name], msg: `Value error, ${converted}` });
        else params[name] = converted;
      }
    }
  }
  if (errors.length > 0) {
    const detail = errors.map((e) => ({ ...e, url: `${pydanticUrl}/${e.type}` }));
    return [400, { error: `${errors.length} validation error for Input`, detail }];
  }
  try {
    return [200, api.run(params)];
  } catch {
    return [500, unexpected];
  }
}

interface PydanticError {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
}

/**
 * `np.array(value, dtype=dtype).reshape(shape)`: the nested lists reshaped, or numpy's ValueError
 * message (a validation error), or a TypeError (an unexpected error, as pydantic lets it through).
 */
function toNumpy(value: unknown, param: BentoParamDefinition): NestedValues | string | TypeError {
  const dims: number[] = [];
  const flat: unknown[] = [];
  const ragged = flatten(value, 0, dims, flat);
  if (ragged !== undefined) {
    return `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${ragged} dimensions. The detected shape was (${dims.slice(0, ragged).join(',')}${ragged === 1 ? ',' : ''}) + inhomogeneous part.`;
  }
  const converted: (number | boolean)[] = [];
  for (const item of flat) {
    const one = convertScalar(item, param.dtype);
    if (typeof one === 'string' || one instanceof TypeError) return one;
    converted.push(one);
  }
  if (param.shape === undefined) return nest(converted, dims);
  const free = param.shape.filter((d) => d < 0).length;
  const known = param.shape.reduce((p, d) => (d < 0 ? p : p * d), 1);
  const fits = free === 0 ? known === converted.length : known > 0 && converted.length % known === 0;
  if (!fits) return `cannot reshape array of size ${converted.length} into shape ${numpyShape(param.shape)}`;
  return nest(
    converted,
    param.shape.map((d) => (d < 0 ? converted.length / known : d)),
  );
}

/** Walks nested lists row-major; returns the depth where they stop being rectangular, if any. */
function flatten(value: unknown, depth: number, dims: number[], out: unknown[]): number | undefined {
  if (!Array.isArray(value)) {
    if (depth < dims.length) return depth;
    out.push(value);
    return undefined;
  }
  if (depth === dims.length && out.length === 0) dims.push(value.length);
  else if (dims[depth] !== value.length) return depth;
  for (const item of value) {
    const ragged = flatten(item, depth + 1, dims, out);
    if (ragged !== undefined) return ragged;
  }
  return undefined;
}

/** One element converted as numpy converts it to `dtype`. */
function convertScalar(item: unknown, dtype: BentoDtype): number | boolean | string | TypeError {
  const isFloat = dtype.startsWith('float');
  if (dtype === 'bool') return Boolean(item);
  if (typeof item === 'boolean') return item ? 1 : 0;
  if (typeof item === 'number') return isFloat ? item : Math.trunc(item);
  if (item === null) {
    return isFloat
      ? Number.NaN
      : new TypeError(
          "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
        );
  }
  if (typeof item === 'string') {
    const parsed = Number(item.trim());
    if (item.trim() === '' || Number.isNaN(parsed) || (!isFloat && !Number.isInteger(parsed))) {
      return isFloat
        ? `could not convert string to float: '${item}'`
        : `invalid literal for int() with base 10: '${item}'`;
    }
    return parsed;
  }
  return new TypeError(`float() argument must be a string or a real number, not '${typeof item}'`);
}

/** Row-major values into nested lists of `dims`. */
function nest(values: readonly (number | boolean)[], dims: readonly number[]): NestedValues {
  if (dims.length === 0) return values[0]!;
  const [first, ...rest] = dims;
  const size = rest.reduce((p, d) => p * d, 1);
  return Array.from({ length: first! }, (_, i) => nest(values.slice(i * size, (i + 1) * size), rest));
}

/** numpy's `convert_shape_to_string`: leading free dimensions dropped, later ones `newaxis`. */
function numpyShape(shape: readonly number[]): string {
  let i = 0;
  while (i < shape.length && shape[i]! < 0) i++;
  const parts = shape.slice(i).map((d, j) => (j > 0 && d < 0 ? 'newaxis' : String(d)));
  if (parts.length === 0) return '()';
  return parts.length === 1 && shape.length === 1 ? `(${parts[0]},)` : `(${parts.join(',')})`;
}

/** The OpenAPI document BentoML serves at `/docs.json`, reduced to the API paths and their schemas. */
function openApiSpec(serviceName: string, apis: Readonly<Record<string, BentoApiDefinition>>): unknown {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const tensor = (p: BentoParamDefinition, title: string) => ({
    type: 'tensor',
    format: 'numpy-array',
    dtype: p.dtype,
    ...(p.shape === undefined ? {} : { shape: p.shape }),
    title,
  });
  for (const [name, api] of Object.entries(apis)) {
    const properties = Object.fromEntries(
      Object.entries(api.params).map(([param, p]) => [
        param,
        tensor(p, param[0]!.toUpperCase() + param.slice(1)),
      ]),
    );
    schemas[`${name}__Input`] = {
      properties,
      required: Object.keys(api.params),
      title: `${name}__Input`,
      type: 'object',
    };
    const output = api.output ?? 'object';
    schemas[`${name}__Output`] =
      output === 'object' ? { type: 'object', title: `${name}__Output` } : tensor(output, `${name}__Output`);
    paths[`/${name}`] = {
      post: {
        operationId: `${serviceName}__${name}`,
        tags: ['Service APIs'],
        requestBody: {
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}__Input` } } },
        },
        responses: {
          '200': {
            description: 'Successful Response',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}__Output` } } },
          },
          '400': { description: 'Bad Request' },
          '404': { description: 'Not Found' },
          '500': { description: 'Internal Server Error' },
        },
      },
    };
  }
  return {
    openapi: '3.0.2',
    info: { title: serviceName, description: `A BentoML service: ${serviceName}`, version: 'None' },
    paths,
    components: { schemas },
  };
}

/** BentoML's default per-service metrics, kept in memory and rendered as Prometheus text. */
class RequestMetrics {
  private readonly total = new Map<string, number>();
  private readonly durationSum = new Map<string, number>();
  private readonly inProgress = new Map<string, number>();

  constructor(private readonly serviceName: string) {}

  begin(endpoint: string): void {
    this.inProgress.set(endpoint, (this.inProgress.get(endpoint) ?? 0) + 1);
  }

  end(endpoint: string, status: number, seconds: number): void {
    this.inProgress.set(endpoint, (this.inProgress.get(endpoint) ?? 1) - 1);
    const key = `${endpoint}\u0000${status}`;
    this.total.set(key, (this.total.get(key) ?? 0) + 1);
    this.durationSum.set(key, (this.durationSum.get(key) ?? 0) + seconds);
  }

  render(): string {
    const base = `runner_name="${this.serviceName}",service_name="${this.serviceName}",service_version="not available"`;
    const lines = [
      '# HELP bentoml_service_request_in_progress Multiprocess metric',
      '# TYPE bentoml_service_request_in_progress gauge',
      ...[...this.inProgress].map(
        ([e, n]) => `bentoml_service_request_in_progress{endpoint="${e}",${base}} ${n.toFixed(1)}`,
      ),
      '# HELP bentoml_service_request_total Multiprocess metric',
      '# TYPE bentoml_service_request_total counter',
    ];
    const labelled = (key: string) => {
      const [endpoint, status] = key.split('\u0000');
      return `endpoint="${endpoint}",http_response_code="${status}",${base}`;
    };
    for (const [key, n] of this.total)
      lines.push(`bentoml_service_request_total{${labelled(key)}} ${n.toFixed(1)}`);
    lines.push(
      '# HELP bentoml_service_request_duration_seconds Multiprocess metric',
      '# TYPE bentoml_service_request_duration_seconds histogram',
    );
    for (const [key, n] of this.total) {
      lines.push(
        `bentoml_service_request_duration_seconds_bucket{${labelled(key)},le="+Inf"} ${n.toFixed(1)}`,
      );
      lines.push(`bentoml_service_request_duration_seconds_count{${labelled(key)}} ${n.toFixed(1)}`);
      lines.push(
        `bentoml_service_request_duration_seconds_sum{${labelled(key)}} ${this.durationSum.get(key) ?? 0}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
