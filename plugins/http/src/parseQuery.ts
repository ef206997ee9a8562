/**
 * Parses a query string into what koa's `ctx.query` gives (one value as a string, repeated keys
 * as an array, keys in order of first appearance), as a fresh object the caller may change.
 * Most query strings have no `%` or `+`, so nothing needs decoding: they are split here, and
 * `URLSearchParams` (several times slower) decodes the others.
 */
export function parseQuery(querystring: string): Record<string, unknown> {
  if (querystring === '') return {};
  if (querystring.includes('%') || querystring.includes('+')) {
    return toObject(new URLSearchParams(querystring));
  }
  return toObject(splitPairs(querystring));
}

/** The name-value pairs of a query string that needs no decoding, as URLSearchParams splits them. */
function* splitPairs(querystring: string): Generator<[string, string]> {
  let start = 0;
  while (start < querystring.length) {
    let end = querystring.indexOf('&', start);
    if (end === -1) end = querystring.length;
    if (end > start) {
      const eq = querystring.indexOf('=', start);
      yield eq !== -1 && eq < end
        ? [querystring.slice(start, eq), querystring.slice(eq + 1, end)]
        : [querystring.slice(start, end), ''];
    }
    start = end + 1;
  }
}

function toObject(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const values = new Map<string, string | string[]>();
  for (const [name, value] of pairs) {
    const seen = values.get(name);
    if (seen === undefined) values.set(name, value);
    else if (typeof seen === 'string') values.set(name, [seen, value]);
    else seen.push(value);
  }
  const query: Record<string, unknown> = {};
  // defineProperty, as koa does, so a `__proto__` key is an own property and not the prototype.
  for (const [name, value] of values) {
    Object.defineProperty(query, name, { value, writable: true, enumerable: true, configurable: true });
  }
  return query;
}
