import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * The shape of a rectangular nested list (`[[1, 2], [3, 4]]` is `[2, 2]`; a scalar is `[]`).
 * @throws InvalidArgumentError (field `field`) for a ragged list.
 */
export function nestedShape(value: unknown, field: string): number[] {
  if (!Array.isArray(value)) return [];
  if (value.length === 0) return [0];
  const inner = nestedShape(value[0], field);
  for (let i = 1; i < value.length; i++) {
    const other = nestedShape(value[i], field);
    if (other.length !== inner.length || other.some((d, j) => d !== inner[j])) {
      throw new InvalidArgumentError(`${field} is a ragged list: its items have different shapes`, { field });
    }
  }
  return [value.length, ...inner];
}

/** A flat row-major list nested back into `shape`. */
export function unflatten(data: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return shape.length === 0 ? data[0] : [...data];
  const [, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  const rows: unknown[] = [];
  for (let i = 0; i < shape[0]!; i++) rows.push(unflatten(data.slice(i * size, (i + 1) * size), rest));
  return rows;
}
