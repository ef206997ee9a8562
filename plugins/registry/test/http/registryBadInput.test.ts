import type { JsonSchema } from '@mlops/plugin-api';
import { expect } from 'chai';
import { type Answer, type RegistryServer, send, startRegistryServer } from './registryServer.js';

const bodyLimitBytes = 64 * 1024;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly body?: JsonSchema;
}

/** The registry's operations, read from the OpenAPI document the http plugin serves. */
async function registryOperations(url: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!((op.tags as string[] | undefined) ?? []).includes('registry')) continue;
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        ...(content?.['application/json'] === undefined ? {} : { body: content['application/json'].schema }),
      });
    }
  }
  return operations;
}

/** Ids of what the seeded registry holds, by field name. */
const known: Record<string, string | number> = {
  name: 'churn',
  version: '1',
  alias: 'champion',
  key: 'team',
  uri: 'models:/churn/1',
  target: 'Production',
};
/** Values the registry takes for fields that are no ids. */
const good: Record<string, string> = {
  stage: 'Staging',
  target: 'Production',
  source: 's3://models/any/1',
  new_name: 'renamed',
  description: 'described',
  value: 'v',
};
/** Ids that name nothing. */
const unknown: Record<string, string> = {
  name: 'no-such-model',
  version: '999',
  alias: 'no-such-alias',
  key: 'no-such-key',
  uri: 'models:/no-such-model/1',
};

/** A value `schema` accepts; `field` picks a known id where the field names one. */
function validValue(schema: JsonSchema, field: string, ids: Record<string, string | number>): unknown {
  if (Array.isArray(schema.anyOf)) return validValue(schema.anyOf[0] as JsonSchema, field, ids);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return field === 'version' ? Number(ids.version ?? 1) : ((schema.minimum as number | undefined) ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return field in ids ? String(ids[field]) : (good[field] ?? 'x');
  }
}

/** A value of the wrong type for `schema` (one that no coercion turns into a right one). */
function wrongValue(schema: JsonSchema, where: 'body' | 'query' | 'path'): unknown {
  if (Array.isArray(schema.anyOf)) return where === 'body' ? { not: 'a version' } : 'not-a-number';
  if (Array.isArray(schema.enum)) return 'NOT_ONE_OF_THEM';
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (where !== 'body') {
    if (type === 'integer' || type === 'number') return 'not-a-number';
    if (type === 'boolean') return 'maybe';
    if (typeof schema.pattern === 'string') return 'no match';
    return undefined; // every query or path value is a string: nothing to get wrong
  }
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-a-list';
    default:
      return 'not-an-object';
  }
}

interface Request {
  readonly path: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body?: Record<string, unknown>;
}

/** A request `op` accepts (schema-wise): every required field, with ids from `ids`. */
function validRequest(op: Operation, ids: Record<string, string | number>): Request {
  const path: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') path[p.name] = String(ids[p.name] ?? validValue(p.schema, p.name, ids));
    else if (p.required) query[p.name] = validValue(p.schema, p.name, ids);
  }
  if (op.body === undefined) return { path, query };
  const body: Record<string, unknown> = {};
  const properties = (op.body.properties ?? {}) as Record<string, JsonSchema>;
  // MLflow's DELETE routes require their fields in the handler (body or query), not in the schema.
  const required =
    (op.body.required as string[] | undefined) ?? (op.method === 'DELETE' ? Object.keys(properties) : []);
  for (const field of required) body[field] = validValue(properties[field]!, field, ids);
  if (Object.keys(body).length < ((op.body.minProperties as number | undefined) ?? 0)) {
    const field = 'description' in properties ? 'description' : Object.keys(properties)[0]!;
    body[field] = validValue(properties[field]!, field, ids);
  }
  return { path, query, body };
}

function urlOf(base: string, op: Operation, request: Request): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(request.path[name] ?? ''),
  );
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  return `${base}${path}${query.size === 0 ? '' : `?${query}`}`;
}

function sendRequest(base: string, op: Operation, request: Request, rawBody?: string): Promise<Answer> {
  const body = rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  return send(urlOf(base, op, request), {
    method: op.method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body }),
  });
}

interface Case {
  readonly label: string;
  readonly answer: Answer;
  /** What the answer must name: the field, or (for an unknown id) the field or the value. */
  readonly names: readonly string[];
  readonly status?: number;
}

/** Everything the registry holds, to see that no rejected request wrote anything. */
async function snapshot(server: RegistryServer): Promise<string> {
  const call = server.kernel.call;
  const models = await server.registry.searchModels({ viewType: 'ALL', maxResults: 1000 }, call);
  const versions = await server.registry.searchVersions({ viewType: 'ALL', maxResults: 1000 }, call);
  const histories = await Promise.all(
    models.items.map((m) => server.registry.history({ model: m.name, maxResults: 10000 }, call)),
  );
  return JSON.stringify({ models, versions, histories });
}

describe('registry routes: bad input, walked from the OpenAPI document', function () {
  this.timeout(120_000);
  let server: RegistryServer;
  let operations: Operation[];
  before(async () => {
    server = await startRegistryServer({ http: { bodyLimitBytes } });
    const call = server.kernel.call;
    await server.registry.createModel({ name: 'churn', tags: { team: 'risk' } }, call);
    await server.registry.createModel({ name: 'fraud' }, call);
    await server.registry.createVersion({ model: 'churn', source: 's3://models/churn/1' }, call);
    await server.registry.createVersion({ model: 'churn', source: 's3://models/churn/2' }, call);
    await server.registry.setAlias({ model: 'churn', version: 1 }, 'champion', {}, call);
    await server.registry.transitionStage({ model: 'churn', version: 1 }, 'Production', {}, call);
    operations = await registryOperations(server.url);
  });
  after(async () => {
    await server.stop();
  });

  it('finds every registry route in the document, native and MLflow', () => {
    const ids = operations.map((op) => `${op.method} ${op.path}`);
    expect(ids).to.include.members([
      'POST /api/v1/models',
      'PATCH /api/v1/models/{name}/versions/{version}',
      'PUT /api/v1/models/{name}/aliases/{alias}',
      'GET /api/v1/model-uris/resolve',
      'POST /api/2.0/mlflow/model-versions/transition-stage',
      'DELETE /ajax-api/2.0/mlflow/registered-models/alias',
    ]);
    expect(operations).to.have.length.above(60);
  });

  it('answers every malformed, mistyped, incomplete, oversized or unknown request with a 4xx naming the field, and writes nothing', async () => {
    const before = await snapshot(server);
    const cases: Case[] = [];
    const run = async (label: string, names: string[], answer: Promise<Answer>, status?: number) => {
      cases.push({ label, names, answer: await answer, ...(status === undefined ? {} : { status }) });
    };
    for (const op of operations) {
      const id = `${op.method} ${op.path}`;
      const valid = validRequest(op, known);
      if (op.method !== 'GET') {
        await run(
          `${id}: malformed JSON`,
          ['body'],
          sendRequest(server.url, op, valid, '{"name": "churn", '),
          400,
        );
        const huge = JSON.stringify({ name: 'churn', padding: 'x'.repeat(bodyLimitBytes) });
        await run(`${id}: oversized body`, ['body'], sendRequest(server.url, op, valid, huge), 413);
      }
      if (op.method === 'DELETE' && op.path.includes('/2.0/mlflow/')) {
        await run(
          `${id}: no fields at all`,
          ['name'],
          sendRequest(server.url, op, { path: {}, query: {} }),
          400,
        );
      }
      for (const p of op.parameters) {
        const wrong = wrongValue(p.schema, p.in);
        if (wrong !== undefined) {
          const request =
            p.in === 'path'
              ? { ...valid, path: { ...valid.path, [p.name]: String(wrong) } }
              : { ...valid, query: { ...valid.query, [p.name]: wrong } };
          await run(
            `${id}: ${p.in} ${p.name} = ${JSON.stringify(wrong)}`,
            [p.name],
            sendRequest(server.url, op, request),
            400,
          );
        }
        if (p.in === 'query' && p.required) {
          const { [p.name]: _, ...query } = valid.query;
          await run(
            `${id}: query ${p.name} missing`,
            [p.name],
            sendRequest(server.url, op, { ...valid, query }),
            400,
          );
        }
      }
      if (op.body !== undefined && valid.body !== undefined) {
        const properties = (op.body.properties ?? {}) as Record<string, JsonSchema>;
        for (const [field, schema] of Object.entries(properties)) {
          const wrong = wrongValue(schema, 'body');
          const body = { ...valid.body, [field]: wrong };
          await run(
            `${id}: body ${field} = ${JSON.stringify(wrong)}`,
            [field],
            sendRequest(server.url, op, { ...valid, body }),
            400,
          );
        }
        for (const field of (op.body.required ?? []) as string[]) {
          const { [field]: _, ...body } = valid.body;
          await run(
            `${id}: body ${field} missing`,
            [field],
            sendRequest(server.url, op, { ...valid, body }),
            400,
          );
        }
      }
      const creates =
        ['POST /api/v1/models', 'POST /api/v1/models/{name}/versions'].includes(id) ||
        op.path.endsWith('/registered-models/create');
      const idFields = [
        ...op.parameters.map((p) => p.name),
        ...Object.keys(op.body?.properties ?? {}),
      ].filter((f) => f in unknown);
      if (!creates && idFields.length > 0) {
        const answer = sendRequest(server.url, op, validRequest(op, unknown));
        await run(`${id}: unknown ids`, [...idFields, ...Object.values(unknown)], answer, 404);
      }
    }

    const failures: string[] = [];
    for (const c of cases) {
      const body = c.answer.body as
        | { error_code?: string; message?: string; details?: { field?: string } }
        | undefined;
      const message = body?.message ?? '';
      if (c.answer.status < 400 || c.answer.status > 499)
        failures.push(`${c.label}: status ${c.answer.status} ${c.answer.text}`);
      else if (c.status !== undefined && c.answer.status !== c.status) {
        failures.push(`${c.label}: status ${c.answer.status}, expected ${c.status}: ${message}`);
      } else if (typeof body?.error_code !== 'string' || typeof body.details?.field !== 'string') {
        failures.push(`${c.label}: no error_code or details.field in ${c.answer.text}`);
      } else if (!c.names.some((name) => message.includes(name))) {
        failures.push(`${c.label}: message "${message}" names none of ${c.names.join(', ')}`);
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(cases.length).to.be.above(300);
    expect(await snapshot(server)).to.equal(before);
  });
});
