import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * JSON Schema of an int64 field: MLflow's server writes JSON numbers, and protobuf's JSON parser
 * also takes decimal strings, which clients send.
 */
export const int64Schema = {
  anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
} as const;

/** JSON Schema of a double field: a number, a decimal string, or `NaN`, `Infinity`, `-Infinity`. */
export const doubleSchema = {
  anyOf: [
    { type: 'number' },
    { type: 'string', pattern: '^(NaN|[-+]?Infinity|[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?)$' },
  ],
} as const;

/**
 * The integer of an int64 field validated by {@link int64Schema}; undefined when absent.
 * @throws InvalidArgumentError naming `field` when it does not fit in a safe integer.
 */
export function int64Of(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(
      `Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected an integer of at most 15 digits.`,
      { field, reason: 'not_an_integer' },
    );
  }
  return n;
}

/** The number of a double field validated by {@link doubleSchema}. */
export function doubleOf(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return Number(value);
}

/** A double as JSON: NaN and the infinities become strings, as protobuf's JSON printer writes them. */
export function jsonDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
