import { AlreadyExistsError, isUniqueViolation, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { User } from '../AuthEntities.js';

/** A row of `auth_users`. */
export interface UserRow {
  readonly user_id: number;
  readonly username: string;
  readonly password_hash: string | null;
  readonly source: string;
  readonly is_admin: boolean | number;
  readonly disabled: boolean | number;
  readonly external_roles: string | null;
  readonly created_at: number | string;
  readonly updated_at: number | string;
}

/** What an update may change. */
export interface UserChanges {
  readonly passwordHash?: string;
  readonly isAdmin?: boolean;
  readonly disabled?: boolean;
}

/** Users in `auth_users`, with their local groups from `auth_memberships`. */
export class UserStore {
  constructor(private readonly db: Knex) {}

  find(username: string): Promise<UserRow | undefined> {
    return this.db('auth_users').where({ username }).first() as Promise<UserRow | undefined>;
  }

  /** Names of the local groups of a user. */
  async groupsOf(userId: number): Promise<string[]> {
    const rows = (await this.db('auth_memberships as m')
      .join('auth_groups as g', 'g.group_id', 'm.group_id')
      .where('m.user_id', userId)
      .orderBy('g.name')
      .select('g.name')) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** @throws AlreadyExistsError `user "<name>" already exists`. */
  async create(
    username: string,
    passwordHash: string | null,
    isAdmin: boolean,
    source = 'local',
  ): Promise<User> {
    const now = Date.now();
    try {
      await this.db('auth_users').insert({
        username,
        password_hash: passwordHash,
        source,
        is_admin: isAdmin,
        disabled: false,
        external_roles: null,
        created_at: now,
        updated_at: now,
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AlreadyExistsError(`user "${username}" already exists`, { field: 'username' });
      }
      throw err;
    }
    return this.get(username);
  }

  /** @throws NotFoundError `user "<name>" does not exist`. */
  async get(username: string): Promise<User> {
    const row = await this.find(username);
    if (row === undefined) throw missingUser(username);
    return toUser(row, await this.groupsOf(row.user_id));
  }

  async list(): Promise<User[]> {
    const rows = (await this.db('auth_users').orderBy('username')) as UserRow[];
    const memberships = (await this.db('auth_memberships as m')
      .join('auth_groups as g', 'g.group_id', 'm.group_id')
      .orderBy('g.name')
      .select('m.user_id', 'g.name')) as { user_id: number; name: string }[];
    return rows.map((row) =>
      toUser(
        row,
        memberships.filter((m) => Number(m.user_id) === Number(row.user_id)).map((m) => m.name),
      ),
    );
  }

  /** @throws NotFoundError `user "<name>" does not exist`. */
  async update(username: string, changes: UserChanges): Promise<User> {
    const n = await this.db('auth_users')
      .where({ username })
      .update({
        ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
        ...(changes.isAdmin === undefined ? {} : { is_admin: changes.isAdmin }),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
        updated_at: Date.now(),
      });
    if (n === 0) throw missingUser(username);
    return this.get(username);
  }

  /**
   * Records a user a directory vouched for, with the roles and groups it mapped them to (used
   * for their tokens and sessions until their next password login).
   */
  async upsertExternal(username: string, source: string, roles: readonly string[]): Promise<UserRow> {
    const existing = await this.find(username);
    const external = JSON.stringify(roles);
    if (existing === undefined) {
      try {
        await this.create(username, null, false, source);
      } catch (err) {
        // Another request created the user meanwhile: update it below.
        if (!(err instanceof AlreadyExistsError)) throw err;
      }
    }
    await this.db('auth_users')
      .where({ username })
      .update({ external_roles: external, updated_at: Date.now() });
    return (await this.find(username))!;
  }

  /** Deletes a user with their tokens, sessions, memberships and permissions, in one transaction. */
  async delete(username: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const row = (await trx('auth_users').where({ username }).first()) as UserRow | undefined;
      if (row === undefined) throw missingUser(username);
      await trx('auth_tokens').where({ user_id: row.user_id }).delete();
      await trx('auth_sessions').where({ user_id: row.user_id }).delete();
      await trx('auth_memberships').where({ user_id: row.user_id }).delete();
      await trx('auth_permissions').where({ principal_kind: 'user', principal_name: username }).delete();
      await trx('auth_users').where({ user_id: row.user_id }).delete();
    });
  }
}

/** The NotFoundError of an unknown user. */
export function missingUser(username: string): NotFoundError {
  return new NotFoundError(`user "${username}" does not exist`, { field: 'username' });
}

/** A row as the management API shows it. */
export function toUser(row: UserRow, groups: readonly string[]): User {
  return {
    id: Number(row.user_id),
    username: row.username,
    source: row.source,
    isAdmin: Boolean(row.is_admin),
    disabled: Boolean(row.disabled),
    groups,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
