export type {
  Comparison,
  ComparisonBase,
  ComparisonOperator,
  EntityKind,
  FieldType,
  FilterNode,
  JunctionNode,
  ListComparison,
  ListOperator,
  NotNode,
  NullComparison,
  NullOperator,
  ScalarComparison,
  ScalarOperator,
} from './FilterNode.js';
export type { AttributeSpec, FilterProfile } from './FilterProfile.js';
export {
  experimentFilterProfile,
  loggedModelFilterProfile,
  modelVersionFilterProfile,
  registeredModelFilterProfile,
  runFilterProfile,
} from './filterProfiles.js';
export { type ParseFilterOptions, parseFilter } from './parseFilter.js';
export { type OrderByClause, type ParseOrderByOptions, parseOrderBy } from './parseOrderBy.js';
export type { SearchErrorReason } from './searchError.js';
