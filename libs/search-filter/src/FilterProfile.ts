import type { EntityKind, FieldType } from './FilterNode.js';

/** One attribute (a column of the searched entity) and where it may appear. */
export interface AttributeSpec {
  readonly type: FieldType;
  /** May appear in a filter. */
  readonly filter: boolean;
  /** May appear in an order_by clause. */
  readonly orderBy: boolean;
}

/**
 * What one kind of entity (runs, experiments, registered models, model versions) lets a filter
 * and an order_by clause name, following MLflow's rules for that entity.
 */
export interface FilterProfile {
  /** The entity searched, for documentation (`run`, `experiment`, ...). */
  readonly name: string;
  /** Accepted prefixes before the first dot (`metrics`, `metric`, `attr`, ...) and the entity each means. */
  readonly prefixes: Readonly<Record<string, EntityKind>>;
  /** Attributes by canonical name; a name without a prefix is an attribute. */
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  /** Other spellings of attributes (`created` for `start_time`), mapped to the canonical name. */
  readonly attributeAliases: Readonly<Record<string, string>>;
  /** Fields of `dataset.<field>` (runs only). */
  readonly datasetFields: readonly string[];
  /** Entities whose fields accept `IS NULL` / `IS NOT NULL`. */
  readonly nullable: readonly EntityKind[];
  /** Entities an order_by clause may name. */
  readonly orderBy: readonly EntityKind[];
}
