/**
 * A native API path from its segments, each percent-encoded (so a `/` in a tag key or a model
 * name stays inside its segment): `apiPath('runs', id, 'tags', key)` is `/api/v1/runs/<id>/tags/<key>`.
 */
export function apiPath(...segments: readonly (string | number)[]): string {
  return `/api/v1/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}

/** An artifact path under a run, its `/` kept as separators: `a/b c.txt` is `a/b%20c.txt`. */
export function artifactPath(runId: string, path: string): string {
  const encoded = path
    .split('/')
    .filter((part) => part !== '')
    .map(encodeURIComponent)
    .join('/');
  return `${apiPath('runs', runId, 'artifacts')}/${encoded}`;
}
