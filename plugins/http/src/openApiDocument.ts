import type { JsonSchema, RouteDefinition } from '@mlops/plugin-api';
import type { CompiledRoute } from './RouteTable.js';
import { toOpenApiPath } from './toOpenApiPath.js';

/** An OpenAPI 3.1 document, as JSON. */
export type OpenApiDocument = Record<string, unknown> & { readonly openapi: '3.1.0' };

/** Title, version and whether an `Auth` provider guards the non-public routes. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly secured: boolean;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error_code', 'message', 'details'],
  properties: {
    error_code: {
      type: 'string',
      description: 'NOT_FOUND, INVALID_ARGUMENT, ... (MLflow codes on MLflow routes)',
    },
    message: { type: 'string', description: 'What went wrong, naming the field at fault' },
    details: {
      type: 'object',
      properties: { field: { type: 'string' }, reason: { type: 'string' } },
    },
  },
};

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  304: 'Not Modified',
};

/**
 * The OpenAPI 3.1 document of every route: paths in `{param}` form, parameters from the params and
 * query schemas, request bodies, responses, tags and operationIds. JSON Schema 2020-12 is
 * OpenAPI 3.1's schema dialect, so route schemas go in unchanged.
 */
export function openApiDocument(routes: readonly CompiledRoute[], info: OpenApiInfo): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const route of routes) {
    const { path, names } = toOpenApiPath(route.definition.path);
    for (const tag of route.definition.tags ?? []) tags.add(tag);
    paths[path] ??= {};
    paths[path][route.definition.method.toLowerCase()] = operation(route, names, info.secured);
  }
  const components: Record<string, unknown> = { schemas: { Error: errorSchema } };
  if (info.secured) components.securitySchemes = { bearer: { type: 'http', scheme: 'bearer' } };
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components,
  };
}

function operation(
  route: CompiledRoute,
  pathNames: readonly string[],
  secured: boolean,
): Record<string, unknown> {
  const { definition } = route;
  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: definition.summary,
  };
  if (definition.tags?.length) op.tags = [...definition.tags];
  const parameters = [...pathParameters(definition, pathNames), ...queryParameters(definition)];
  if (parameters.length > 0) op.parameters = parameters;
  const body = requestBody(definition);
  if (body !== undefined) op.requestBody = body;
  op.responses = responses(definition);
  if (secured) op.security = definition.permission === 'public' ? [] : [{ bearer: [] }];
  return op;
}

function pathParameters(definition: RouteDefinition, names: readonly string[]): Record<string, unknown>[] {
  const properties = propertiesOf(definition.schema?.params);
  return names.map((name) => parameter(name, 'path', true, properties[name] ?? { type: 'string' }));
}

function queryParameters(definition: RouteDefinition): Record<string, unknown>[] {
  const schema = definition.schema?.query;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(propertiesOf(schema)).map(([name, s]) =>
    parameter(name, 'query', required.has(name), s),
  );
}

function parameter(name: string, where: 'path' | 'query', required: boolean, schema: JsonSchema) {
  const p: Record<string, unknown> = { name, in: where, required, schema };
  if (typeof schema.description === 'string') p.description = schema.description;
  return p;
}

function requestBody(definition: RouteDefinition): Record<string, unknown> | undefined {
  if (definition.bodyMode === 'raw') {
    return { required: true, content: { 'application/octet-stream': { schema: {} } } };
  }
  const schema = definition.schema?.body;
  if (schema === undefined) return undefined;
  const required = Array.isArray(schema.required) && schema.required.length > 0;
  return { required, content: { 'application/json': { schema } } };
}

function responses(definition: RouteDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const declared = Object.entries(definition.schema?.response ?? {});
  for (const [status, schema] of declared) {
    const description = statusText[Number(status)] ?? `Status ${status}`;
    // A 204 has no body, whatever schema was written for it.
    out[status] =
      status === '204' ? { description } : { description, content: { 'application/json': { schema } } };
  }
  if (declared.length === 0) out['200'] = { description: 'OK' };
  out.default = {
    description: 'An error: `{ error_code, message, details }`',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return out;
}

function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  return (schema?.properties as Record<string, JsonSchema> | undefined) ?? {};
}
