import type { Auth, CallContext, ReadScope } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * What the caller may read of `kind`: everything without an Auth provider or for the system
 * principal; otherwise what Auth says, and nothing when asking fails (fail closed).
 */
export async function readScope(
  auth: (() => Auth | undefined) | undefined,
  call: CallContext,
  kind: 'experiment',
): Promise<ReadScope> {
  const provider = auth?.();
  if (provider === undefined || call.principal.kind === 'system') return { kind: 'all' };
  try {
    return await provider.readableScope(call.principal, kind);
  } catch {
    return { kind: 'only', ids: [] };
  }
}

/**
 * Restricts a query to the experiments of `scope` on `column` (an integer experiment id), in
 * SQL, so pages stay full and counts true. Ids that are not integers name no experiment.
 */
export function applyExperimentScope(qb: Knex.QueryBuilder, column: string, scope: ReadScope): void {
  if (scope.kind === 'all') return;
  const ids = scope.ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
  if (scope.kind === 'only') qb.whereIn(column, ids);
  else if (ids.length > 0) qb.whereNotIn(column, ids);
}
