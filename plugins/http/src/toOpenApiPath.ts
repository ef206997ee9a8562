/** A route path in OpenAPI form, with the names of its parameters in order. */
export interface OpenApiPath {
  /** `/api/v1/runs/{runId}`, `/files/{path}`. */
  readonly path: string;
  readonly names: readonly string[];
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/**
 * Converts an @koa/router path (`/runs/:runId`, `/files{/*path}`) to OpenAPI's template form.
 * Optional groups lose their braces: OpenAPI has no optional path segments.
 */
export function toOpenApiPath(routePath: string): OpenApiPath {
  let path = '';
  const names: string[] = [];
  for (let i = 0; i < routePath.length; i++) {
    const c = routePath[i]!;
    if (c === '\\') {
      path += routePath[++i] ?? '';
    } else if (c === '{' || c === '}') {
      // an optional group of path-to-regexp: keep its content
    } else if (c === ':' || c === '*') {
      const name = identifier.exec(routePath.slice(i + 1))?.[0];
      if (name === undefined) {
        path += c;
        continue;
      }
      names.push(name);
      path += `{${name}}`;
      i += name.length;
    } else {
      path += c;
    }
  }
  return { path, names };
}

/** `GET /api/v1/runs/:runId` gives `getApiV1RunsByRunId`: the operationId of a route that sets none. */
export function deriveOperationId(method: string, routePath: string): string {
  const words = routePath
    .replace(/[:*]([A-Za-z_$][A-Za-z0-9_$]*)/g, (_, name: string) => ` By${capitalise(name)} `)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(capitalise);
  return method.toLowerCase() + words.join('');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
