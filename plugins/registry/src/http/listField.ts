/**
 * A repeated request field: a list in a JSON body, one or more `?key=` values in a
 * query string (a single one may arrive as a plain string); undefined when absent.
 */
export function listField(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}
