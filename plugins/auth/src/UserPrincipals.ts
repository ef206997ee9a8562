import type { Principal } from '@mlops/plugin-api';
import type { UserRow, UserStore } from './store/UserStore.js';
import { TtlCache } from './TtlCache.js';

/** The role of administrators. */
export const adminRole = 'admin';
/** How a group a principal belongs to appears among its roles: `group:<name>`. */
export const groupRolePrefix = 'group:';

/**
 * A user's principal: `admin` when the user is one, the roles and groups a directory last gave
 * them, and their local groups as `group:<name>`.
 */
export function principalOf(row: UserRow, localGroups: readonly string[]): Principal {
  const stored = row.external_roles === null ? [] : (JSON.parse(row.external_roles) as string[]);
  const roles = new Set<string>([
    ...(row.is_admin ? [adminRole] : []),
    ...stored,
    ...localGroups.map((g) => `${groupRolePrefix}${g}`),
  ]);
  return Object.freeze({ id: row.username, kind: 'user', roles: Object.freeze([...roles]) });
}

/** The groups among a principal's roles. */
export function groupsOf(principal: Principal): string[] {
  return principal.roles
    .filter((r) => r.startsWith(groupRolePrefix))
    .map((r) => r.slice(groupRolePrefix.length));
}

/** Principals of enabled users by name, from the database, kept `ttlMs`. */
export class UserPrincipals {
  private readonly cache: TtlCache<{ principal: Principal; row: UserRow } | null>;

  constructor(
    private readonly users: UserStore,
    ttlMs: number,
  ) {
    this.cache = new TtlCache(ttlMs);
  }

  /** The principal of an enabled user, or undefined. */
  async of(username: string): Promise<{ principal: Principal; row: UserRow } | undefined> {
    const cached = this.cache.get(username);
    if (cached !== undefined) return cached ?? undefined;
    const row = await this.users.find(username);
    const found =
      row === undefined || row.disabled
        ? null
        : { principal: principalOf(row, await this.users.groupsOf(row.user_id)), row };
    this.cache.set(username, found);
    return found ?? undefined;
  }

  forget(): void {
    this.cache.clear();
  }
}
