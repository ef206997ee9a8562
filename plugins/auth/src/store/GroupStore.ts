import { AlreadyExistsError, isUniqueViolation, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { missingUser } from './UserStore.js';

/** A group as listed: its name and members. */
export interface Group {
  readonly name: string;
  readonly members: readonly string[];
  readonly createdAt: number;
}

/** Groups and memberships in `auth_groups` and `auth_memberships`. */
export class GroupStore {
  constructor(private readonly db: Knex) {}

  /** @throws AlreadyExistsError `group "<name>" already exists`. */
  async create(name: string): Promise<Group> {
    try {
      await this.db('auth_groups').insert({ name, created_at: Date.now() });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AlreadyExistsError(`group "${name}" already exists`, { field: 'group' });
      throw err;
    }
    return this.get(name);
  }

  /** @throws NotFoundError `group "<name>" does not exist`. */
  async get(name: string): Promise<Group> {
    const row = (await this.db('auth_groups').where({ name }).first()) as
      | { group_id: number; created_at: number | string }
      | undefined;
    if (row === undefined) throw missingGroup(name);
    const members = (await this.db('auth_memberships as m')
      .join('auth_users as u', 'u.user_id', 'm.user_id')
      .where('m.group_id', row.group_id)
      .orderBy('u.username')
      .select('u.username')) as { username: string }[];
    return { name, members: members.map((m) => m.username), createdAt: Number(row.created_at) };
  }

  async list(): Promise<Group[]> {
    const rows = (await this.db('auth_groups').orderBy('name').select('name')) as { name: string }[];
    return Promise.all(rows.map((r) => this.get(r.name)));
  }

  /** Deletes a group, its memberships and the permissions granted to it, in one transaction. */
  async delete(name: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const row = (await trx('auth_groups').where({ name }).first()) as { group_id: number } | undefined;
      if (row === undefined) throw missingGroup(name);
      await trx('auth_memberships').where({ group_id: row.group_id }).delete();
      await trx('auth_permissions').where({ principal_kind: 'group', principal_name: name }).delete();
      await trx('auth_groups').where({ group_id: row.group_id }).delete();
    });
  }

  /** Adds a member; adding one twice is no error. @throws NotFoundError for an unknown group or user. */
  async addMember(name: string, username: string): Promise<Group> {
    const { groupId, userId } = await this.ids(name, username);
    await this.db('auth_memberships')
      .insert({ group_id: groupId, user_id: userId })
      .onConflict(['group_id', 'user_id'])
      .ignore();
    return this.get(name);
  }

  /** Removes a member; removing a non-member is no error. */
  async removeMember(name: string, username: string): Promise<Group> {
    const { groupId, userId } = await this.ids(name, username);
    await this.db('auth_memberships').where({ group_id: groupId, user_id: userId }).delete();
    return this.get(name);
  }

  private async ids(name: string, username: string): Promise<{ groupId: number; userId: number }> {
    const group = (await this.db('auth_groups').where({ name }).first('group_id')) as
      | { group_id: number }
      | undefined;
    if (group === undefined) throw missingGroup(name);
    const user = (await this.db('auth_users').where({ username }).first('user_id')) as
      | { user_id: number }
      | undefined;
    if (user === undefined) throw missingUser(username);
    return { groupId: group.group_id, userId: user.user_id };
  }
}

function missingGroup(name: string): NotFoundError {
  return new NotFoundError(`group "${name}" does not exist`, { field: 'group' });
}
