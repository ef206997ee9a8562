/** What a principal holds on one experiment or registered model, as in MLflow's auth. */
export type PermissionLevel = 'NO_PERMISSIONS' | 'READ' | 'EDIT' | 'MANAGE';

/** The levels, in the order configs, request schemas and messages list them. */
export const permissionLevels: readonly PermissionLevel[] = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'];

const rank: Readonly<Record<string, number>> = { NO_PERMISSIONS: 0, READ: 1, EDIT: 2, MANAGE: 3 };

/** True when `level` is a permission level. */
export function isPermissionLevel(value: unknown): value is PermissionLevel {
  return typeof value === 'string' && Object.hasOwn(rank, value);
}

/** True when holding `level` allows `action` (READ, EDIT or MANAGE); any other action is refused. */
export function allows(level: PermissionLevel, action: string): boolean {
  if (!Object.hasOwn(rank, action)) return false;
  const needed = rank[action]!;
  return needed > 0 && rank[level]! >= needed;
}

/** The higher of two levels. */
export function higher(a: PermissionLevel, b: PermissionLevel): PermissionLevel {
  return rank[a]! >= rank[b]! ? a : b;
}
