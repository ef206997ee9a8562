import type { ComparisonOperator, EntityKind, FieldType } from './FilterNode.js';
import type { FilterProfile } from './FilterProfile.js';
import { searchError } from './searchError.js';
import { type NamePart, shorten, type Token } from './tokenize.js';

/** A field named in a filter or an order_by clause, checked against a profile. */
export interface ResolvedField {
  readonly entity: EntityKind;
  readonly key: string;
  readonly fieldType: FieldType;
  /** Comparators this field accepts, in the order messages list them. */
  readonly operators: readonly ComparisonOperator[];
}

/** Where the field is used: profiles allow some attributes in one place only. */
export type FieldUse = 'filter' | 'orderBy';

const PLURAL: Readonly<Record<EntityKind, string>> = {
  metric: 'metrics',
  param: 'params',
  tag: 'tags',
  attribute: 'attributes',
  dataset: 'datasets',
};
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];
const STRING_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NULL_OPERATORS: readonly ComparisonOperator[] = ['IS NULL', 'IS NOT NULL'];

// Own properties only: a key such as `constructor` or `__proto__` must not find Object's members.
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function entitiesFor(profile: FilterProfile, use: FieldUse): string {
  const entities = [...new Set(Object.values(profile.prefixes))];
  return entities
    .filter((entity) => use === 'filter' || profile.orderBy.includes(entity))
    .map((entity) => PLURAL[entity])
    .join(', ');
}

/**
 * Resolves `prefix.key` (or a bare attribute) to its entity, canonical key and type.
 * @throws InvalidArgumentError (reason `field`) for an unknown prefix, attribute or dataset field,
 *   an entity the use does not allow, or an empty key.
 */
export function resolveField(
  token: Extract<Token, { kind: 'name' }>,
  profile: FilterProfile,
  field: string,
  use: FieldUse,
): ResolvedField {
  const fail = (position: number, message: string): never => {
    throw searchError(field, position, message, 'field');
  };
  const [first, ...rest] = token.parts as [NamePart, ...NamePart[]];
  let entity: EntityKind = 'attribute';
  if (rest.length > 0) {
    const mapped = own(profile.prefixes, first.text);
    if (mapped === undefined) {
      fail(
        first.position,
        `unknown entity type "${shorten(first.text)}" at position ${first.position}; expected one of ${entitiesFor(profile, use)}`,
      );
    }
    entity = mapped as EntityKind;
  }
  const keyPart = rest[0] ?? first;
  const key = rest.length > 0 ? rest.map((part) => part.text).join('.') : first.text;
  if (key === '') fail(keyPart.position, `empty name at position ${keyPart.position}`);
  if (use === 'orderBy' && !profile.orderBy.includes(entity)) {
    fail(
      token.position,
      `cannot order by ${PLURAL[entity]} (found "${shorten(token.raw)}" at position ${token.position}); expected one of ${entitiesFor(profile, use)}`,
    );
  }
  const nullable = profile.nullable.includes(entity);
  const stringOperators = nullable ? [...STRING_OPERATORS, ...NULL_OPERATORS] : STRING_OPERATORS;

  if (entity === 'attribute') {
    const canonical = own(profile.attributeAliases, key) ?? key;
    const spec = own(profile.attributes, canonical);
    const allowed = (name: string): boolean => {
      const s = own(profile.attributes, name);
      return s !== undefined && (use === 'filter' ? s.filter : s.orderBy);
    };
    if (!allowed(canonical)) {
      const expected = Object.keys(profile.attributes).filter(allowed).join(', ');
      const what =
        spec === undefined
          ? 'unknown attribute'
          : `cannot ${use === 'filter' ? 'filter' : 'order'} by attribute`;
      fail(
        keyPart.position,
        `${what} "${shorten(key)}" at position ${keyPart.position}; expected one of ${expected}`,
      );
    }
    const fieldType = (spec as { type: FieldType }).type;
    return {
      entity,
      key: canonical,
      fieldType,
      operators: fieldType === 'string' ? stringOperators : NUMERIC_OPERATORS,
    };
  }
  if (entity === 'dataset' && !profile.datasetFields.includes(key)) {
    fail(
      keyPart.position,
      `unknown dataset field "${shorten(key)}" at position ${keyPart.position}; expected one of ${profile.datasetFields.join(', ')}`,
    );
  }
  if (entity === 'metric') return { entity, key, fieldType: 'number', operators: NUMERIC_OPERATORS };
  return { entity, key, fieldType: 'string', operators: stringOperators };
}
