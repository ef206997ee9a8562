import { InvalidArgumentError } from '@mlops/plugin-api';
import type { ColumnData } from './ColumnData.js';

/**
 * A column of columnar input as a report reads it: NaN dropped from a Float64Array (copied only
 * when there is one), the empty string dropped from a string array, which becomes counts.
 * @throws InvalidArgumentError (`details.field` `<side>.<column>`) for anything else.
 */
export function toColumnData(values: unknown, field: string): ColumnData {
  if (values instanceof Float64Array) {
    let missing = 0;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) missing++;
    if (missing === 0) return { kind: 'numeric', values };
    const kept = new Float64Array(values.length - missing);
    let j = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) kept[j++] = values[i]!;
    return { kind: 'numeric', values: kept };
  }
  if (Array.isArray(values)) {
    const counts = new Map<string, number>();
    let total = 0;
    for (const v of values) {
      if (typeof v !== 'string') {
        throw new InvalidArgumentError(`${field} must hold strings only, got ${JSON.stringify(v)}`, {
          field,
          reason: 'invalid_type',
        });
      }
      if (v === '') continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      total++;
    }
    return { kind: 'categorical', counts, total };
  }
  throw new InvalidArgumentError(
    `${field} must be a Float64Array (numeric) or an array of strings (categorical)`,
    {
      field,
      reason: 'invalid_type',
    },
  );
}
