import type { CallContext } from '../CallContext.js';
import type { Auth, ReadScope } from '../ports/Auth.js';

/**
 * What the caller may read of `kind` (`experiment`, `registeredModel`, `study`, `deployment`):
 * everything without an Auth provider or for the system principal; otherwise what Auth says, and
 * nothing when asking fails (fail closed). Search services call it once per query.
 */
export async function resolveReadScope(
  auth: Auth | undefined,
  call: CallContext,
  kind: string,
): Promise<ReadScope> {
  if (auth === undefined || call.principal.kind === 'system') return { kind: 'all' };
  try {
    return await auth.readableScope(call.principal, kind);
  } catch {
    return { kind: 'only', ids: [] };
  }
}

/** The part of a query builder (knex's) that {@link applyReadScope} needs. */
export interface ScopeFilterable {
  whereIn(column: string, values: readonly (string | number)[]): unknown;
  whereNotIn(column: string, values: readonly (string | number)[]): unknown;
}

/**
 * Restricts a query to the resources of `scope` on `column`, in SQL, so pages stay full and
 * counts true. `toKey` maps an id to the column's value, or undefined for an id that cannot name
 * a row (e.g. a non-numeric experiment id), which is left out.
 * @example applyReadScope(query, 'e.experiment_id', scope, (id) => (/^\d+$/.test(id) ? Number(id) : undefined));
 */
export function applyReadScope(
  qb: ScopeFilterable,
  column: string,
  scope: ReadScope,
  toKey: (id: string) => string | number | undefined = (id) => id,
): void {
  if (scope.kind === 'all') return;
  const keys = scope.ids.flatMap((id) => {
    const key = toKey(id);
    return key === undefined ? [] : [key];
  });
  if (scope.kind === 'only') qb.whereIn(column, keys);
  else if (keys.length > 0) qb.whereNotIn(column, keys);
}
