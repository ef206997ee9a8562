import type { Comparison, ComparisonOperator, EntityKind, FieldType } from '../src/index.js';

const DEFAULT_TYPE: Record<EntityKind, FieldType> = {
  metric: 'number',
  param: 'string',
  tag: 'string',
  attribute: 'string',
  dataset: 'string',
};

/** Builds the comparison node the parser is expected to return. */
export function compare(
  entity: EntityKind,
  key: string,
  op: ComparisonOperator,
  value: string | number | readonly (string | number)[] | null,
  position = 0,
  fieldType: FieldType = DEFAULT_TYPE[entity],
): Comparison {
  return { kind: 'compare', entity, key, fieldType, op, value, position } as Comparison;
}
