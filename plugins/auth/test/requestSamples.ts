import type { JsonSchema, RouteDefinition } from '@mlops/plugin-api';

/** Ids of real resources, to fill requests with. */
export interface SampleIds {
  readonly experimentId: string;
  readonly experimentName: string;
  readonly runId: string;
  readonly modelName: string;
  /** An HPO study's id, and the number of one of its trials. */
  readonly studyId: string;
  readonly trialNumber: number;
  /** A deployment of `modelName`. */
  readonly deploymentName: string;
  /** A drift report and a concept drift detector on `modelName`. */
  readonly reportId: string;
  readonly detectorName: string;
  /** A logged model (MLflow 3) in the experiment. */
  readonly loggedModelId: string;
}

/** A request for a route: its URL path (with query) and body. */
export interface SampleRequest {
  readonly path: string;
  readonly body?: unknown;
}

/**
 * What `name` means on a route: a deployment under the serving routes, a detector under the drift
 * detector routes, a registered model elsewhere.
 */
function nameOn(routePath: string, ids: SampleIds): string {
  if (routePath.startsWith('/api/v1/deployments') || routePath.startsWith('/v2/models')) {
    return ids.deploymentName;
  }
  if (routePath.includes('/detectors/')) return ids.detectorName;
  return ids.modelName;
}

/** Values of path parameters and fields by name; a route's own meaning of `path` and `name` aside. */
function known(ids: SampleIds, routePath: string): Record<string, unknown> {
  const proxy = routePath.includes('mlflow-artifacts');
  return {
    experimentId: ids.experimentId,
    experiment_id: ids.experimentId,
    experiment_ids: [ids.experimentId],
    experiment_name: ids.experimentName,
    runId: ids.runId,
    model_id: ids.loggedModelId,
    modelId: ids.loggedModelId,
    run_id: ids.runId,
    run_uuid: ids.runId,
    run_ids: [ids.runId],
    // Groups of a comparison: the real run in one, runs that do not exist (allowed, then 404) beside it.
    a: [ids.runId, 'no-such-run-1'],
    b: ['no-such-run-2', 'no-such-run-3'],
    name: nameOn(routePath, ids),
    model: ids.modelName,
    version: '1',
    studyId: ids.studyId,
    number: String(ids.trialNumber),
    reportId: ids.reportId,
    key: 'owner-tag',
    value: 'v',
    alias: 'champion',
    stage: 'Staging',
    target: 'Staging',
    source: `runs:/${ids.runId}/model`,
    uri: `models:/${ids.modelName}/1`,
    metric_key: 'loss',
    path: proxy ? `${ids.experimentId}/${ids.runId}/artifacts/owner.txt` : 'owner.txt',
    asset: 'app.js',
    username: 'owner',
    group: 'team',
    tokenId: 'tok_0000000000000000',
    principalKind: 'users',
    principalName: 'stranger',
    permission: 'READ',
  };
}

/** A value valid against `schema`, preferring the known value of `field`. */
function sample(schema: JsonSchema | undefined, field: string, values: Record<string, unknown>): unknown {
  const s = (schema ?? {}) as Record<string, unknown>;
  const options = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (options !== undefined) return sample(options[0], field, values);
  if (Array.isArray(s.enum)) return s.enum.includes(values[field]) ? values[field] : s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const value = values[field];
  if (type === 'array') {
    if (Array.isArray(value)) return value;
    const item = sample(s.items as JsonSchema, field, values);
    return Array.from({ length: Number(s.minItems ?? 0) }, () => item);
  }
  if (type === 'object') return objectSample(s, values);
  if (type === 'integer' || type === 'number') {
    if (value !== undefined && Number.isFinite(Number(value))) return Number(value);
    return Number(s.minimum ?? 1);
  }
  if (type === 'boolean') return false;
  if (Array.isArray(value)) return String(value[0]);
  if (value !== undefined) return String(value);
  if (type === 'string' || type === undefined) return 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)));
  return value;
}

/** Every required property, and every known id field the schema has. */
function objectSample(
  schema: Record<string, unknown>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: Record<string, unknown> = {};
  for (const [field, propSchema] of Object.entries(properties)) {
    if (required.has(field) || field in values) out[field] = sample(propSchema, field, values);
  }
  for (const field of required) if (!(field in out)) out[field] = sample(undefined, field, values);
  const first = Object.entries(properties)[0];
  if (Object.keys(out).length < Number(schema.minProperties ?? 0) && first !== undefined) {
    out[first[0]] = sample(first[1], first[0], values);
  }
  return out;
}

/** A request for `route` that passes its schemas, naming the real resources of `ids`. */
export function sampleRequest(route: RouteDefinition, ids: SampleIds): SampleRequest {
  const values = known(ids, route.path);
  const path = route.path.replace(/\{([^}]*)\}/g, '$1').replace(/[:*](\w+)/g, (_, name: string) =>
    String(values[name] ?? 'x')
      .split('/')
      .map(encodeURIComponent)
      .join('/'),
  );
  const query =
    route.schema?.query === undefined
      ? {}
      : objectSample(route.schema.query as Record<string, unknown>, values);
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    for (const item of Array.isArray(v) ? v : [v]) search.append(k, String(item));
  const text = search.toString();
  const url = text === '' ? path : `${path}?${text}`;
  if (route.bodyMode === 'raw') return { path: url, body: 'bytes' };
  if (route.method === 'GET' || route.method === 'HEAD') return { path: url };
  const body =
    route.schema?.body === undefined
      ? {}
      : objectSample(route.schema.body as Record<string, unknown>, values);
  return { path: url, body };
}
