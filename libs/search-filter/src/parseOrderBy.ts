import type { EntityKind, FieldType } from './FilterNode.js';
import type { FilterProfile } from './FilterProfile.js';
import { resolveField } from './resolveField.js';
import { searchError } from './searchError.js';
import { describeToken, fieldNameOf, keywordOf, type Token, tokenize } from './tokenize.js';

/** One parsed order_by entry. */
export interface OrderByClause {
  readonly entity: EntityKind;
  /** Metric, param or tag key, or the canonical attribute name (`created` gives `start_time`). */
  readonly key: string;
  /** Type of the field's values: order numbers as numbers, strings as strings. */
  readonly fieldType: FieldType;
  /** `asc` unless the clause says DESC (either word, in any case). */
  readonly direction: 'asc' | 'desc';
}

/** Options of {@link parseOrderBy}. */
export interface ParseOrderByOptions {
  /** Name of the input in messages and `details.field`; default `order_by` (e.g. `order_by[1]`). */
  readonly field?: string;
}

/**
 * Parses one order_by entry, `<field> [ASC|DESC]`, with MLflow's rules for the profile's entity:
 * runs order by metrics, params, tags and attributes; experiments and registry entities by
 * attributes only.
 *
 * @throws InvalidArgumentError with `details.field` (`order_by` unless `options.field` says
 *   otherwise), `details.position` and `details.reason`, for an empty clause, an unknown or
 *   unorderable field, a direction other than ASC/DESC, or anything after the direction.
 * @example
 * parseOrderBy('metrics.`f1 score` DESC', runFilterProfile);
 * // { entity: 'metric', key: 'f1 score', fieldType: 'number', direction: 'desc' }
 */
export function parseOrderBy(
  clause: string,
  profile: FilterProfile,
  options: ParseOrderByOptions = {},
): OrderByClause {
  const field = options.field ?? 'order_by';
  if (typeof clause !== 'string') throw searchError(field, 0, 'must be a string', 'syntax');
  const tokens = tokenize(clause, field);
  const expected = (what: string, token: Token): Error =>
    searchError(
      field,
      token.position,
      `expected ${what} at position ${token.position}, found ${describeToken(token)}`,
      'syntax',
    );

  const name = fieldNameOf(tokens[0] as Token);
  if (name === undefined) throw expected('a field name', tokens[0] as Token);
  const target = resolveField(name, profile, field, 'orderBy');
  let next = tokens[1] as Token;
  let direction: OrderByClause['direction'] = 'asc';
  const word = keywordOf(next);
  if (word === 'ASC' || word === 'DESC') {
    direction = word === 'ASC' ? 'asc' : 'desc';
    next = tokens[2] as Token;
    if (next.kind !== 'end') throw expected('end of input', next);
  } else if (next.kind !== 'end') {
    throw expected('ASC, DESC or end of input', next);
  }
  return { entity: target.entity, key: target.key, fieldType: target.fieldType, direction };
}
