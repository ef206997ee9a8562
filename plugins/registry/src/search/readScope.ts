import type { Auth, CallContext, ReadScope } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * Which registered models the caller may read: all without an Auth provider or for the system
 * principal; otherwise what Auth says, and none when asking fails (fail closed).
 */
export async function readScope(
  auth: (() => Auth | undefined) | undefined,
  call: CallContext,
): Promise<ReadScope> {
  const provider = auth?.();
  if (provider === undefined || call.principal.kind === 'system') return { kind: 'all' };
  try {
    return await provider.readableScope(call.principal, 'registeredModel');
  } catch {
    return { kind: 'only', ids: [] };
  }
}

/** Restricts a query to the models of `scope` by name (`column`), in SQL, so pages stay full. */
export function applyModelScope(qb: Knex.QueryBuilder, column: string, scope: ReadScope): void {
  if (scope.kind === 'only') qb.whereIn(column, [...scope.ids]);
  else if (scope.kind === 'except' && scope.ids.length > 0) qb.whereNotIn(column, [...scope.ids]);
}
