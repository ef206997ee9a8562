/** `key=value` lines of a tags or params object, sorted by key. */
export function keyValues(record: Readonly<Record<string, string | number>> | undefined): string[] {
  return Object.entries(record ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
}
