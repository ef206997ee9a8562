/** The strings that stand for non-finite doubles on the wire, where JSON has no literal for them. */
const nonFinite: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};

/** A double as the server sends it (a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`) as a number. */
export function fromWireDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in nonFinite) return nonFinite[value] as number;
  return Number(value);
}

/** A `JSON.stringify` replacer that sends non-finite numbers as the server's strings, not `null`. */
export function toWireDouble(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  return value;
}
