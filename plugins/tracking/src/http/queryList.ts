/** JSON Schema of a repeated query parameter: `?k=a` arrives as a string, `?k=a&k=b` as an array. */
export const queryListSchema = {
  anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
} as const;

/** The values of a repeated field, whether it arrived as one string, an array, or not at all. */
export function queryList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
