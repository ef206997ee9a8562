import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * Users (local ones with an scrypt hash; directory users with their last roles and groups), API
 * tokens (sha256 of the secret only), groups and memberships, per-resource permissions granted to
 * a user or a group by name, refresh sessions, and settings (the generated JWT key).
 */
export const createAuthTables: Migration = {
  name: '20261124_01_createAuthTables',
  async up(db: Knex) {
    await db.schema.createTable('auth_users', (t) => {
      t.increments('user_id');
      t.text('username').notNullable().unique();
      t.text('password_hash');
      t.text('source').notNullable();
      t.boolean('is_admin').notNullable();
      t.boolean('disabled').notNullable();
      t.text('external_roles');
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await db.schema.createTable('auth_tokens', (t) => {
      t.increments('token_int');
      t.text('token_id').notNullable().unique();
      t.integer('user_id').notNullable().references('user_id').inTable('auth_users').onDelete('CASCADE');
      t.text('name').notNullable();
      t.text('token_hash').notNullable().unique();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable();
      t.bigInteger('last_used_at');
      t.bigInteger('revoked_at');
      t.index(['user_id']);
    });
    await db.schema.createTable('auth_groups', (t) => {
      t.increments('group_id');
      t.text('name').notNullable().unique();
      t.bigInteger('created_at').notNullable();
    });
    await db.schema.createTable('auth_memberships', (t) => {
      t.integer('group_id').notNullable().references('group_id').inTable('auth_groups').onDelete('CASCADE');
      t.integer('user_id').notNullable().references('user_id').inTable('auth_users').onDelete('CASCADE');
      t.primary(['group_id', 'user_id']);
      t.index(['user_id']);
    });
    await db.schema.createTable('auth_permissions', (t) => {
      t.text('principal_kind').notNullable();
      t.text('principal_name').notNullable();
      t.text('resource_kind').notNullable();
      t.text('resource_id').notNullable();
      t.text('permission').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['principal_kind', 'principal_name', 'resource_kind', 'resource_id']);
      t.index(['resource_kind', 'resource_id']);
    });
    await db.schema.createTable('auth_sessions', (t) => {
      t.text('session_id').primary();
      t.integer('user_id').notNullable().references('user_id').inTable('auth_users').onDelete('CASCADE');
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable();
      t.bigInteger('revoked_at');
      t.index(['user_id']);
    });
    await db.schema.createTable('auth_settings', (t) => {
      t.text('key').primary();
      t.text('value').notNullable();
    });
  },
};
