import { AlreadyExistsError, isUniqueViolation, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { PermissionGrant } from '../AuthEntities.js';
import type { PermissionLevel } from '../PermissionLevel.js';

interface GrantRow {
  readonly principal_kind: 'user' | 'group';
  readonly principal_name: string;
  readonly resource_kind: string;
  readonly resource_id: string;
  readonly permission: PermissionLevel;
}

/** Whose grants to read: one user and the groups they belong to. */
export interface Grantee {
  readonly username: string;
  readonly groups: readonly string[];
}

/** Per-resource permissions in `auth_permissions`, granted to users and groups by name. */
export class PermissionStore {
  constructor(private readonly db: Knex) {}

  /** Grants (or changes) a permission. */
  async set(grant: PermissionGrant): Promise<PermissionGrant> {
    await this.db('auth_permissions')
      .insert(rowOf(grant))
      .onConflict(['principal_kind', 'principal_name', 'resource_kind', 'resource_id'])
      .merge(['permission', 'updated_at']);
    return grant;
  }

  /**
   * Grants a permission that was not granted yet (MLflow's `permissions/create`).
   * @throws AlreadyExistsError when the principal holds one on that resource already.
   */
  async insert(grant: PermissionGrant): Promise<PermissionGrant> {
    try {
      await this.db('auth_permissions').insert(rowOf(grant));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new AlreadyExistsError(
        `${grant.principalKind} "${grant.principalName}" already has a permission on ${grant.resourceKind} "${grant.resourceId}"`,
        { field: 'permission' },
      );
    }
    return grant;
  }

  /**
   * Changes a permission granted before (MLflow's `permissions/update`).
   * @throws NotFoundError when nothing was granted to that principal on that resource.
   */
  async update(grant: PermissionGrant): Promise<PermissionGrant> {
    const n = await this.db('auth_permissions')
      .where(keyOf(grant.principalKind, grant.principalName, grant.resourceKind, grant.resourceId))
      .update({ permission: grant.permission, updated_at: Date.now() });
    if (n === 0)
      throw missingGrant(grant.principalKind, grant.principalName, grant.resourceKind, grant.resourceId);
    return grant;
  }

  /** @throws NotFoundError when nothing was granted to that principal on that resource. */
  async get(
    principalKind: 'user' | 'group',
    principalName: string,
    resourceKind: string,
    resourceId: string,
  ): Promise<PermissionGrant> {
    const row = (await this.db('auth_permissions')
      .where(keyOf(principalKind, principalName, resourceKind, resourceId))
      .first()) as GrantRow | undefined;
    if (row === undefined) throw missingGrant(principalKind, principalName, resourceKind, resourceId);
    return toGrant(row);
  }

  /** @throws NotFoundError when nothing was granted to that principal on that resource. */
  async delete(
    principalKind: string,
    principalName: string,
    resourceKind: string,
    resourceId: string,
  ): Promise<void> {
    const n = await this.db('auth_permissions')
      .where(keyOf(principalKind, principalName, resourceKind, resourceId))
      .delete();
    if (n === 0) throw missingGrant(principalKind, principalName, resourceKind, resourceId);
  }

  /** Every grant on one resource. */
  async forResource(resourceKind: string, resourceId: string): Promise<PermissionGrant[]> {
    const rows = (await this.db('auth_permissions')
      .where({ resource_kind: resourceKind, resource_id: resourceId })
      .orderBy(['principal_kind', 'principal_name'])) as GrantRow[];
    return rows.map(toGrant);
  }

  /** The grants to a user and their groups on resources of one kind, or on one resource. */
  async forGrantee(grantee: Grantee, resourceKind: string, resourceId?: string): Promise<PermissionGrant[]> {
    const q = this.db('auth_permissions')
      .where('resource_kind', resourceKind)
      .where((b) => {
        b.where({ principal_kind: 'user', principal_name: grantee.username });
        if (grantee.groups.length > 0) {
          b.orWhere((g) => g.where('principal_kind', 'group').whereIn('principal_name', [...grantee.groups]));
        }
      });
    if (resourceId !== undefined) q.where('resource_id', resourceId);
    return ((await q) as GrantRow[]).map(toGrant);
  }

  /** Moves every grant on a resource to its new id (a renamed registered model). */
  async rename(resourceKind: string, from: string, to: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('auth_permissions').where({ resource_kind: resourceKind, resource_id: to }).delete();
      await trx('auth_permissions')
        .where({ resource_kind: resourceKind, resource_id: from })
        .update({ resource_id: to, updated_at: Date.now() });
    });
  }

  /** Forgets every grant on resources that no longer exist. */
  async deleteResources(resourceKind: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db('auth_permissions')
      .where('resource_kind', resourceKind)
      .whereIn('resource_id', [...ids])
      .delete();
  }
}

function keyOf(principalKind: string, principalName: string, resourceKind: string, resourceId: string) {
  return {
    principal_kind: principalKind,
    principal_name: principalName,
    resource_kind: resourceKind,
    resource_id: resourceId,
  };
}

function rowOf(grant: PermissionGrant) {
  return {
    ...keyOf(grant.principalKind, grant.principalName, grant.resourceKind, grant.resourceId),
    permission: grant.permission,
    updated_at: Date.now(),
  };
}

function missingGrant(
  principalKind: string,
  principalName: string,
  resourceKind: string,
  resourceId: string,
): NotFoundError {
  return new NotFoundError(
    `${principalKind} "${principalName}" has no permission on ${resourceKind} "${resourceId}"`,
    { field: 'principal' },
  );
}

function toGrant(row: GrantRow): PermissionGrant {
  return {
    principalKind: row.principal_kind,
    principalName: row.principal_name,
    resourceKind: row.resource_kind,
    resourceId: row.resource_id,
    permission: row.permission,
  };
}
