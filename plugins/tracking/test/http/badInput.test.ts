import { expect } from 'chai';
import { pythonClientHeaders, send, type WireAnswer } from './pythonMlflowClient.js';
import { snapshotState, startTrackingServer, type TrackingServer } from './startTrackingServer.js';

type Schema = Record<string, unknown>;

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters?: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  readonly requestBody?: { content: Record<string, { schema: Schema }> };
}

/** One malformed request and what its answer must name. */
interface BadRequest {
  readonly label: string;
  readonly method: string;
  readonly url: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
  /** The status expected, or any 4xx. */
  readonly status?: number;
  /** Texts of which the message must contain one (a field, or the unknown id). */
  readonly names: readonly string[];
}

const bodyLimit = 64 * 1024;
const unknownRun = 'e'.repeat(32);
const unknownExperiment = '999';

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).flatMap(typesOf);
  return typeof schema.type === 'string' ? [schema.type] : [];
}

/** A value of the wrong type for `schema`. */
function wrongValue(schema: Schema): unknown {
  return typesOf(schema).includes('object') ? 12345 : { wrong: true };
}

/** A wrong value for a query parameter (always a string on the wire), or undefined when any string is valid. */
function wrongQueryValue(schema: Schema): string | undefined {
  const types = typesOf(schema);
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as Schema[];
    if (branches.some((b) => b.type === 'string' && b.enum === undefined && b.pattern === undefined))
      return undefined;
  }
  if (
    types.includes('string') &&
    schema.enum === undefined &&
    schema.pattern === undefined &&
    !Array.isArray(schema.anyOf)
  ) {
    return undefined;
  }
  if (types.includes('array') && !types.includes('string')) return undefined;
  return 'not-a-valid-value';
}

export interface SampleIds {
  readonly runId: string;
  readonly experimentId: string;
}

/** A valid value for a field, by name where the name says what it is, else by schema. */
function sample(schema: Schema, name: string, ids: SampleIds): unknown {
  if (name === 'model_json') {
    return JSON.stringify({
      run_id: ids.runId,
      artifact_path: 'model',
      utc_time_created: '2024-01-01',
      flavors: {},
    });
  }
  if (name === 'run_id' || name === 'run_uuid' || name === 'runId') return ids.runId;
  if (name === 'experiment_id' || name === 'experimentId') return ids.experimentId;
  if (name === 'run_ids' || name === 'a' || name === 'b') return [ids.runId, ids.runId];
  if (Array.isArray(schema.anyOf)) return sample((schema.anyOf as Schema[])[0]!, name, ids);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'number':
      return 0.5;
    case 'boolean':
      return true;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => sample((schema.items ?? {}) as Schema, `${name}[]`, ids));
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((key) => [key, sample(properties[key] ?? {}, key, ids)]));
    }
    default:
      return `x${name.replace(/\W/g, '')}`;
  }
}

function fillPath(template: string, ids: SampleIds): string {
  const proxy = /mlflow-artifacts/.test(template);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'runId') return ids.runId;
    if (name === 'experimentId') return ids.experimentId;
    if (name === 'path') return proxy ? `${ids.experimentId}/${ids.runId}/artifacts/a.txt` : 'a.txt';
    return 'k';
  });
}

function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Every malformed variant of one operation, each otherwise valid. */
function badRequests(base: string, op: Operation, ids: SampleIds): BadRequest[] {
  const label = `${op.method.toUpperCase()} ${op.path}`;
  const method = op.method.toUpperCase();
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const validQuery = Object.fromEntries(
    queryParams.filter((p) => p.required).map((p) => [p.name, sample(p.schema, p.name, ids)]),
  );
  const url = (path: string, query: Record<string, unknown>) => `${base}${path}${queryString(query)}`;
  const path = fillPath(op.path, ids);
  const jsonSchema = op.requestBody?.content['application/json']?.schema;
  const raw = op.requestBody?.content['application/octet-stream'] !== undefined;
  const validBody =
    jsonSchema === undefined ? undefined : (sample(jsonSchema, 'body', ids) as Record<string, unknown>);
  const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
  const withBody = raw
    ? { body: 'x', contentType: 'text/plain' }
    : validBody === undefined
      ? {}
      : json(validBody);
  const cases: BadRequest[] = [];

  if (jsonSchema !== undefined) {
    cases.push({
      label: `${label} malformed JSON`,
      method,
      url: url(path, validQuery),
      body: '{"broken": ',
      contentType: 'application/json',
      status: 400,
      names: ['body'],
    });
    const padding = 'x'.repeat(bodyLimit + 1);
    cases.push({
      label: `${label} oversized body`,
      method,
      url: url(path, validQuery),
      ...json({ ...validBody, padding }),
      status: 413,
      names: ['body'],
    });
    const properties = (jsonSchema.properties ?? {}) as Record<string, Schema>;
    for (const [name, schema] of Object.entries(properties)) {
      cases.push({
        label: `${label} body.${name} of a wrong type`,
        method,
        url: url(path, validQuery),
        ...json({ ...validBody, [name]: wrongValue(schema) }),
        status: 400,
        names: [`body/${name}`],
      });
    }
    for (const name of (jsonSchema.required ?? []) as string[]) {
      const { [name]: _, ...rest } = validBody ?? {};
      cases.push({
        label: `${label} body.${name} missing`,
        method,
        url: url(path, validQuery),
        ...json(rest),
        status: 400,
        names: [`body/${name}`],
      });
    }
    if ('run_id' in properties && 'run_uuid' in properties) {
      const { run_id: _a, run_uuid: _b, ...rest } = validBody ?? {};
      cases.push({
        label: `${label} run_id and run_uuid missing`,
        method,
        url: url(path, validQuery),
        ...json(rest),
        status: 400,
        names: ['run_id'],
      });
    }
    for (const [name, unknown] of [
      ['run_id', unknownRun],
      ['experiment_id', unknownExperiment],
      ['run_ids', [unknownRun]],
      ['a', [unknownRun, `${unknownRun.slice(1)}d`]],
    ] as const) {
      if (!(name in properties)) continue;
      const value =
        name === 'run_id' && 'run_uuid' in properties
          ? { run_id: unknown, run_uuid: unknown }
          : { [name]: unknown };
      cases.push({
        label: `${label} unknown ${name}`,
        method,
        url: url(path, validQuery),
        ...json({ ...validBody, ...value }),
        status: 404,
        names: [Array.isArray(unknown) ? unknown[0]! : (unknown as string), name],
      });
    }
  }

  for (const p of queryParams) {
    const wrong = wrongQueryValue(p.schema);
    if (wrong !== undefined) {
      cases.push({
        label: `${label} query ${p.name} of a wrong type`,
        method,
        url: url(path, { ...validQuery, [p.name]: wrong }),
        ...withBody,
        status: 400,
        names: [`query/${p.name}`],
      });
    }
    if (p.required) {
      const { [p.name]: _, ...rest } = validQuery;
      cases.push({
        label: `${label} query ${p.name} missing`,
        method,
        url: url(path, rest),
        ...withBody,
        status: 400,
        names: [`query/${p.name}`],
      });
    }
  }
  const queryNames = new Set(queryParams.map((p) => p.name));
  if (queryNames.has('run_id') && queryNames.has('run_uuid')) {
    const { run_id: _a, run_uuid: _b, ...rest } = validQuery as Record<string, unknown>;
    cases.push({
      label: `${label} query run_id missing`,
      method,
      url: url(path, rest),
      ...withBody,
      status: 400,
      names: ['run_id'],
    });
    cases.push({
      label: `${label} query unknown run_id`,
      method,
      url: url(path, { ...validQuery, run_id: unknownRun }),
      ...withBody,
      status: 404,
      names: [unknownRun],
    });
  }
  // Unknown ids where a query names what to read; a search for an unknown experiment finds nothing.
  for (const name of ['experiment_id', 'run_ids'] as const) {
    if (!queryParams.some((p) => p.name === name && p.required)) continue;
    const unknown = name === 'run_ids' ? unknownRun : unknownExperiment;
    cases.push({
      label: `${label} query unknown ${name}`,
      method,
      url: url(path, { ...validQuery, [name]: unknown }),
      ...withBody,
      status: 404,
      names: [unknown],
    });
  }

  if (queryNames.has('path') && /mlflow-artifacts/.test(op.path)) {
    const listed = `${ids.experimentId}/${unknownRun}/artifacts`;
    cases.push({
      label: `${label} query path of an unknown run`,
      method,
      url: url(path, { path: listed }),
      status: 404,
      names: [unknownRun],
    });
  }
  const pathNames = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  if (pathNames.some((n) => n === 'runId' || n === 'experimentId' || n === 'path')) {
    const unknownIds = {
      runId: unknownRun,
      experimentId: pathNames.includes('experimentId') ? unknownExperiment : ids.experimentId,
    };
    const unknownBody = raw ? { body: 'x', contentType: 'text/plain' } : withBody;
    cases.push({
      label: `${label} unknown id in the path`,
      method,
      url: url(fillPath(op.path, unknownIds), validQuery),
      ...unknownBody,
      status: 404,
      names: [unknownRun, unknownExperiment],
    });
  }
  return cases;
}

describe('bad input to every tracking route of the OpenAPI document', function () {
  this.timeout(120_000);
  let server: TrackingServer;
  let operations: Operation[];
  let ids: SampleIds;

  before(async () => {
    server = await startTrackingServer({ bodyLimitBytes: bodyLimit });
    const { tracking, kernel } = server;
    const experiment = await tracking.createExperiment({ name: 'seed' }, kernel.call);
    const run = await tracking.createRun({ experimentId: experiment.experimentId }, kernel.call);
    await tracking.logArtifact(run.info.runId, 'a.txt', 'seed', kernel.call);
    ids = { runId: run.info.runId, experimentId: experiment.experimentId };
    const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
    };
    operations = Object.entries(document.paths)
      .filter(([path]) =>
        /^\/(api|ajax-api)\/(2\.0\/mlflow|2\.0\/mlflow-artifacts|v1\/(experiments|runs))(\/|$)/.test(path),
      )
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, method, path })));
  });
  after(() => server.stop());

  it('covers the tracking routes: MLflow (both prefixes), the artifact proxy and /api/v1', () => {
    const paths = new Set(operations.map((o) => o.path));
    for (const path of [
      '/api/2.0/mlflow/runs/log-batch',
      '/ajax-api/2.0/mlflow/runs/log-batch',
      '/api/2.0/mlflow-artifacts/artifacts/{path}',
      '/api/2.0/mlflow-artifacts/mpu/create/{path}',
      '/api/v1/runs/{runId}/metrics/{key}/history',
      '/api/v1/experiments/{experimentId}',
    ]) {
      expect(paths.has(path), path).to.equal(true);
    }
    expect(operations.length).to.be.greaterThan(80);
  });

  it('answers every malformed request with a 4xx naming the field, never a 500, and writes nothing', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const op of operations) {
      for (const bad of badRequests(server.url, op, ids)) {
        count++;
        const before = await snapshotState(server);
        let answer: WireAnswer;
        try {
          answer = await send(bad.url, {
            method: bad.method,
            headers: {
              ...pythonClientHeaders,
              ...(bad.contentType ? { 'Content-Type': bad.contentType } : {}),
            },
            ...(bad.body === undefined ? {} : { body: bad.body }),
          });
        } catch (err) {
          failures.push(`${bad.label}: request failed: ${(err as Error).message}`);
          continue;
        }
        const body = answer.body as { message?: string; details?: { field?: string } };
        const text = `${answer.status} ${JSON.stringify(answer.body)}`;
        if (answer.status < 400 || answer.status >= 500) failures.push(`${bad.label}: not a 4xx: ${text}`);
        else if (bad.status !== undefined && answer.status !== bad.status) {
          failures.push(`${bad.label}: expected ${bad.status}: ${text}`);
        } else if (typeof body?.message !== 'string' || !bad.names.some((n) => body.message!.includes(n))) {
          failures.push(`${bad.label}: the message names none of ${bad.names.join(', ')}: ${text}`);
        }
        const after = await snapshotState(server);
        // The tracking plugin commits a batch's new metric key names before the batch (its README:
        // "a key without points is harmless"): a name, never data, may outlive a refused batch.
        delete before.tracking_metric_keys;
        delete after.tracking_metric_keys;
        try {
          expect(after).to.deep.equal(before);
        } catch {
          failures.push(
            `${bad.label}: wrote something: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
          );
        }
      }
    }
    expect(count).to.be.greaterThan(400);
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });
});
