/** A field of {@link formatFields}: a label and one value, or several values on lines of their own. */
export type Field = readonly [label: string, value: string | readonly string[]];

/**
 * Labelled values, one per line and aligned: `name:     churn`. A field with several values
 * continues on indented lines; one with none shows `-`.
 */
export function formatFields(fields: readonly Field[]): string[] {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.flatMap(([label, value]) => {
    const values = typeof value === 'string' ? [value] : value.length > 0 ? value : ['-'];
    return values.map((v, i) => `${(i === 0 ? `${label}:` : '').padEnd(width)}  ${v}`.trimEnd());
  });
}
