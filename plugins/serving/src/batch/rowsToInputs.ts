import {
  type InferenceTensor,
  InvalidArgumentError,
  type TensorDatatype,
  type TensorSpec,
} from '@mlops/plugin-api';
import type { BatchRow } from './BatchRowSource.js';

function bad(row: number, input: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`row ${row}, input "${input}": ${message}`, { field: `inputs/${input}` });
}

const asBoolean: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/** A cell as the input's datatype wants it: CSV cells are strings, Parquet INT64 may be a bigint. */
function convert(
  cell: unknown,
  datatype: TensorDatatype,
  row: number,
  input: string,
): number | string | boolean {
  if (datatype === 'BYTES') return typeof cell === 'string' ? cell : JSON.stringify(cell);
  if (datatype === 'BOOL') {
    const value = typeof cell === 'boolean' ? cell : asBoolean[String(cell).toLowerCase()];
    if (value === undefined) throw bad(row, input, `${JSON.stringify(cell)} is not a boolean`);
    return value;
  }
  const value = typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : cell;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw bad(row, input, `${JSON.stringify(cell) ?? 'nothing'} is not a number`);
  }
  return value;
}

/** The cells of `row` that feed `spec`, flattened. */
function cellsOf(row: BatchRow, spec: TensorSpec, inputs: readonly TensorSpec[], index: number): unknown[] {
  if (Array.isArray(row)) {
    if (inputs.length > 1) {
      throw bad(
        index,
        spec.name,
        `the row is a list, but the model has several inputs: give an object with a key per input`,
      );
    }
    return row.flat(Number.POSITIVE_INFINITY);
  }
  const record = row as Readonly<Record<string, unknown>>;
  if (spec.name in record) return [record[spec.name]].flat(Number.POSITIVE_INFINITY);
  if (inputs.length > 1) throw bad(index, spec.name, 'the row has no column of that name');
  // One input: the row's columns, in their order, are that row of the tensor (as MLflow feeds it).
  return Object.values(record).flat(Number.POSITIVE_INFINITY);
}

/** The shape of `rows` rows of `width` values each, as the model's signature lays them out. */
function shapeOf(spec: TensorSpec, rows: number, width: number): number[] {
  if (spec.shape.length <= 1) return width === 1 ? [rows] : [rows, width];
  const trailing = spec.shape.slice(1);
  const fixed = trailing.every((d) => d >= 0) && trailing.reduce((a, b) => a * b, 1) === width;
  return fixed ? [rows, ...trailing] : [rows, width];
}

/**
 * The input tensors for `rows`, whose first has index `first` in the file: with one model input,
 * the columns of a row (or the array it is) make that row of the tensor; with several, each input
 * takes the column of its name. Cells are converted to the input's datatype.
 * @throws InvalidArgumentError naming the row and the input.
 */
export function rowsToInputs(
  rows: readonly BatchRow[],
  inputs: readonly TensorSpec[],
  first: number,
): InferenceTensor[] {
  return inputs.map((spec) => {
    const data: (number | string | boolean)[] = [];
    let width = -1;
    rows.forEach((row, i) => {
      const cells = cellsOf(row, spec, inputs, first + i);
      if (width >= 0 && cells.length !== width) {
        throw bad(first + i, spec.name, `the row has ${cells.length} values, but row ${first} has ${width}`);
      }
      width = cells.length;
      for (const cell of cells) data.push(convert(cell, spec.datatype, first + i, spec.name));
    });
    return { name: spec.name, datatype: spec.datatype, shape: shapeOf(spec, rows.length, width), data };
  });
}
