import {
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  type Principal,
} from '@mlops/plugin-api';
import type { ApiTokenInfo, NewApiToken, PermissionGrant, User } from './AuthEntities.js';
import type { PasswordHasher } from './PasswordHasher.js';
import { isPermissionLevel, type PermissionLevel, permissionLevels } from './PermissionLevel.js';
import type { SqlAuth } from './SqlAuth.js';
import type { Group, GroupStore } from './store/GroupStore.js';
import type { PermissionStore } from './store/PermissionStore.js';
import type { SessionStore } from './store/SessionStore.js';
import type { TokenStore } from './store/TokenStore.js';
import { missingUser, type UserStore } from './store/UserStore.js';
import { validateName, validatePassword } from './store/validateName.js';
import { adminRole } from './UserPrincipals.js';

/** A user and one of their own grants. */
export interface UserGrant {
  readonly user: User;
  readonly grant: PermissionGrant;
}

/** What a user update may change. */
export interface UserUpdate {
  readonly password?: string;
  readonly isAdmin?: boolean;
  readonly disabled?: boolean;
}

/**
 * Management of users, groups, API tokens and permissions, shared by the REST routes and the
 * `mlops users|groups|tokens|permissions` commands. Every change drops the caches of this
 * process's Auth at once. Who may call what is the routes' business (their permissions).
 */
export class AuthDirectory {
  constructor(
    private readonly deps: {
      readonly users: UserStore;
      readonly groups: GroupStore;
      readonly tokens: TokenStore;
      readonly permissions: PermissionStore;
      readonly sessions: SessionStore;
      readonly hasher: PasswordHasher;
      readonly auth: SqlAuth;
      readonly tokenTtlDays: number;
    },
  ) {}

  /** @throws InvalidArgumentError for a bad name or password; AlreadyExistsError for a taken name. */
  async createUser(username: string, password: string, isAdmin = false): Promise<User> {
    validateName(username, 'username');
    validatePassword(password, 'password');
    return this.deps.users.create(username, await this.deps.hasher.hash(password), isAdmin);
  }

  listUsers(): Promise<User[]> {
    return this.deps.users.list();
  }

  getUser(username: string): Promise<User> {
    return this.deps.users.get(username);
  }

  /** Changing the password or disabling ends the user's sessions. @throws NotFoundError. */
  async updateUser(username: string, update: UserUpdate): Promise<User> {
    if (update.password !== undefined) validatePassword(update.password, 'password');
    const user = await this.deps.users.update(username, {
      ...(update.password === undefined
        ? {}
        : { passwordHash: await this.deps.hasher.hash(update.password) }),
      ...(update.isAdmin === undefined ? {} : { isAdmin: update.isAdmin }),
      ...(update.disabled === undefined ? {} : { disabled: update.disabled }),
    });
    if (update.password !== undefined || update.disabled === true) {
      const row = await this.deps.users.find(username);
      if (row !== undefined) await this.deps.sessions.closeAll(row.user_id);
    }
    this.deps.auth.forget();
    return user;
  }

  async deleteUser(username: string): Promise<void> {
    await this.deps.users.delete(username);
    this.deps.auth.forget();
  }

  /**
   * A new API token for `username`, valid `ttlDays` (the configured default when absent).
   * @throws NotFoundError for an unknown user; InvalidArgumentError for a bad name or lifetime.
   */
  async createToken(username: string, name: string, ttlDays?: number): Promise<NewApiToken> {
    if (typeof name !== 'string' || name.length < 1 || name.length > 256) {
      throw new InvalidArgumentError('name must be a string of 1 to 256 characters', { field: 'name' });
    }
    const days = ttlDays ?? this.deps.tokenTtlDays;
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new InvalidArgumentError(`expires_in_days must be an integer from 1 to 3650, got ${days}`, {
        field: 'expires_in_days',
      });
    }
    const row = await this.deps.users.find(username);
    if (row === undefined) throw missingUser(username);
    return this.deps.tokens.create(row, name, days);
  }

  listTokens(username?: string): Promise<ApiTokenInfo[]> {
    return this.deps.tokens.list(username);
  }

  /**
   * Revokes a token of `caller` (any token for an admin).
   * @throws NotFoundError for an unknown token, or one of another user (its existence is not told).
   */
  async revokeToken(tokenId: string, caller: Principal): Promise<ApiTokenInfo> {
    const token = await this.deps.tokens.get(tokenId).catch(() => undefined);
    if (token === undefined || !mayActFor(caller, token.username)) {
      throw new NotFoundError(`token "${tokenId}" does not exist`, { field: 'tokenId' });
    }
    const revoked = await this.deps.tokens.revoke(tokenId);
    this.deps.auth.forget();
    return revoked;
  }

  async createGroup(name: string): Promise<Group> {
    validateName(name, 'group');
    return this.deps.groups.create(name);
  }

  listGroups(): Promise<Group[]> {
    return this.deps.groups.list();
  }

  getGroup(name: string): Promise<Group> {
    return this.deps.groups.get(name);
  }

  async deleteGroup(name: string): Promise<void> {
    await this.deps.groups.delete(name);
    this.deps.auth.forget();
  }

  async addMember(group: string, username: string): Promise<Group> {
    const result = await this.deps.groups.addMember(group, username);
    this.deps.auth.forget();
    return result;
  }

  async removeMember(group: string, username: string): Promise<Group> {
    const result = await this.deps.groups.removeMember(group, username);
    this.deps.auth.forget();
    return result;
  }

  /** @throws InvalidArgumentError for a bad principal kind, name or permission level. */
  async grant(grant: PermissionGrant): Promise<PermissionGrant> {
    checkGrant(grant);
    const result = await this.deps.permissions.set(grant);
    this.deps.auth.forgetPermissions();
    return result;
  }

  async revoke(
    principalKind: string,
    principalName: string,
    resourceKind: string,
    resourceId: string,
  ): Promise<void> {
    await this.deps.permissions.delete(principalKind, principalName, resourceKind, resourceId);
    this.deps.auth.forgetPermissions();
  }

  listGrants(resourceKind: string, resourceId: string): Promise<PermissionGrant[]> {
    return this.deps.permissions.forResource(resourceKind, resourceId);
  }

  /**
   * Grants a user a permission they do not hold yet on a resource, which need not exist (MLflow's
   * `permissions/create`).
   * @throws NotFoundError for an unknown user; AlreadyExistsError when they hold one already;
   * InvalidArgumentError for a bad permission level.
   */
  async createUserGrant(
    username: string,
    resourceKind: string,
    resourceId: string,
    permission: string,
  ): Promise<UserGrant> {
    return this.writeUserGrant('insert', userGrant(username, resourceKind, resourceId, permission));
  }

  /**
   * Changes a user's permission on a resource (MLflow's `permissions/update`).
   * @throws NotFoundError for an unknown user or when they hold none there yet;
   * InvalidArgumentError for a bad permission level.
   */
  async updateUserGrant(
    username: string,
    resourceKind: string,
    resourceId: string,
    permission: string,
  ): Promise<UserGrant> {
    return this.writeUserGrant('update', userGrant(username, resourceKind, resourceId, permission));
  }

  private async writeUserGrant(write: 'insert' | 'update', grant: PermissionGrant): Promise<UserGrant> {
    const user = await this.getUser(grant.principalName);
    await this.deps.permissions[write](grant);
    this.deps.auth.forgetPermissions();
    return { user, grant };
  }

  /** A user's own grant on a resource. @throws NotFoundError for an unknown user or no grant. */
  async getUserGrant(username: string, resourceKind: string, resourceId: string): Promise<UserGrant> {
    const user = await this.getUser(username);
    return { user, grant: await this.deps.permissions.get('user', username, resourceKind, resourceId) };
  }

  /** Revokes a user's own grant on a resource. @throws NotFoundError for an unknown user or no grant. */
  async deleteUserGrant(username: string, resourceKind: string, resourceId: string): Promise<void> {
    await this.getUser(username);
    await this.revoke('user', username, resourceKind, resourceId);
  }

  /** A user's own grants (not their groups') on resources of one kind. */
  userGrants(username: string, resourceKind: string): Promise<PermissionGrant[]> {
    return this.deps.permissions.forGrantee({ username, groups: [] }, resourceKind);
  }

  /** @throws PermissionDeniedError unless `caller` is `username` or an admin. */
  checkSelfOrAdmin(caller: Principal, username: string): void {
    if (!mayActFor(caller, username)) {
      throw new PermissionDeniedError(`"${caller.id}" may not act for user "${username}"`, {
        reason: 'forbidden',
      });
    }
  }
}

function mayActFor(caller: Principal, username: string): boolean {
  return caller.kind === 'system' || caller.roles.includes(adminRole) || caller.id === username;
}

function userGrant(
  username: string,
  resourceKind: string,
  resourceId: string,
  permission: string,
): PermissionGrant {
  const grant = {
    principalKind: 'user',
    principalName: username,
    resourceKind,
    resourceId,
    permission: permission as PermissionLevel,
  } as const;
  checkGrant(grant);
  return grant;
}

function checkGrant(grant: PermissionGrant): void {
  if (grant.principalKind !== 'user' && grant.principalKind !== 'group') {
    throw new InvalidArgumentError(
      `principal kind must be "user" or "group", got ${JSON.stringify(grant.principalKind)}`,
      {
        field: 'principal_kind',
      },
    );
  }
  validateName(grant.principalName, grant.principalKind === 'user' ? 'username' : 'group');
  if (!isPermissionLevel(grant.permission)) {
    throw new InvalidArgumentError(
      `permission must be one of ${permissionLevels.join(', ')}, got ${JSON.stringify(grant.permission)}`,
      { field: 'permission' },
    );
  }
}
