/** A numeric column's non-missing values (NaN is missing and left out). */
export interface NumericColumnData {
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

/** A categorical column as counts per category (the empty string is missing and left out). */
export interface CategoricalColumnData {
  readonly kind: 'categorical';
  readonly counts: ReadonlyMap<string, number>;
  /** Non-missing values in all. */
  readonly total: number;
}

/** One column of one side (reference or current) of a drift report, ready for its test. */
export type ColumnData = NumericColumnData | CategoricalColumnData;

/** The type of a column as a report treats it. */
export type ColumnType = 'numeric' | 'categorical';

/** Columnar input: a Float64Array per numeric column, a string array per categorical one. */
export type ColumnarDataset = Readonly<Record<string, Float64Array | readonly string[]>>;
