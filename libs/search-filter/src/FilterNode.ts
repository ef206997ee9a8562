/** What a field belongs to: a run's metrics, params and tags, an entity's own columns, or a run's datasets. */
export type EntityKind = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/**
 * How a field's values are compared. `timestamp` is a number of milliseconds since the epoch; it
 * parses like `number` and tells the query compiler which column type it meets.
 */
export type FieldType = 'string' | 'number' | 'timestamp';

/** Comparators that take one value (a string or a number, by the field's type). */
export type ScalarOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE';
/** Comparators that take a non-empty list of values. */
export type ListOperator = 'IN' | 'NOT IN';
/** Comparators that take no value: the field is absent, or present. */
export type NullOperator = 'IS NULL' | 'IS NOT NULL';
/** Every comparator a filter may use, in its canonical (upper-case, single-space) spelling. */
export type ComparisonOperator = ScalarOperator | ListOperator | NullOperator;

/** The part every comparison shares: which field, and where it was written. */
export interface ComparisonBase {
  readonly kind: 'compare';
  readonly entity: EntityKind;
  /** Metric, param or tag key as stored, or the canonical attribute / dataset field name. */
  readonly key: string;
  /** Type of the field's values, from the profile (metrics are numbers; params, tags, datasets strings). */
  readonly fieldType: FieldType;
  /** 0-based offset of the field name in the filter string. */
  readonly position: number;
}

/** `field op value`: a string for string fields, a finite number for number and timestamp fields. */
export interface ScalarComparison extends ComparisonBase {
  readonly op: ScalarOperator;
  readonly value: string | number;
}

/** `field IN (v1, v2, ...)` or `field NOT IN (...)`; the list is never empty. */
export interface ListComparison extends ComparisonBase {
  readonly op: ListOperator;
  readonly value: readonly (string | number)[];
}

/** `field IS NULL` / `field IS NOT NULL`: whether the tag or param exists. */
export interface NullComparison extends ComparisonBase {
  readonly op: NullOperator;
  readonly value: null;
}

/** One comparison of a field with a value; narrow on `op` to get the value's shape. */
export type Comparison = ScalarComparison | ListComparison | NullComparison;

/** `a AND b AND ...` or `a OR b OR ...`, flattened: a child never has its parent's kind. */
export interface JunctionNode {
  readonly kind: 'and' | 'or';
  /** Two or more children, in the order written. */
  readonly children: readonly FilterNode[];
}

/** `NOT child`. */
export interface NotNode {
  readonly kind: 'not';
  readonly child: FilterNode;
}

/** A parsed filter: a boolean tree whose leaves are comparisons. */
export type FilterNode = JunctionNode | NotNode | Comparison;
