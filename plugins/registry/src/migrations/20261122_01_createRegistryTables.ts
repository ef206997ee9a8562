import type { Migration } from '@mlops/plugin-api';
import { tables } from '../tables.js';

/**
 * The registry's schema. Models are keyed by a random id so a rename touches one row and a reused
 * name (after purge) never meets the old model's history or artifacts. `next_version` keeps version
 * numbers monotonic even when the highest version is purged.
 */
export const createRegistryTables: Migration = {
  name: '20261122_01_createRegistryTables',
  async up(db) {
    await db.schema.createTable(tables.models, (t) => {
      t.string('id', 36).primary();
      t.string('name', 256).notNullable().unique();
      t.text('description').notNullable().defaultTo('');
      t.string('user_id', 256).notNullable();
      t.bigInteger('creation_time').notNullable();
      t.bigInteger('last_updated_time').notNullable();
      t.bigInteger('deleted_time').nullable();
      t.integer('next_version').notNullable().defaultTo(1);
    });
    await db.schema.createTable(tables.modelTags, (t) => {
      t.string('model_id', 36).notNullable().references('id').inTable(tables.models).onDelete('CASCADE');
      t.string('key', 250).notNullable();
      t.text('value').notNullable();
      t.primary(['model_id', 'key']);
    });
    await db.schema.createTable(tables.versions, (t) => {
      t.string('model_id', 36).notNullable().references('id').inTable(tables.models).onDelete('CASCADE');
      t.integer('version').notNullable();
      t.bigInteger('creation_time').notNullable();
      t.bigInteger('last_updated_time').notNullable();
      t.string('user_id', 256).notNullable();
      t.string('stage', 20).notNullable();
      t.text('description').notNullable().defaultTo('');
      t.string('source', 500).notNullable();
      t.string('run_id', 256).nullable().index('registry_versions_run_id');
      t.text('run_link').nullable();
      t.string('status', 32).notNullable();
      t.text('status_message').nullable();
      t.bigInteger('deleted_time').nullable();
      t.integer('revision').notNullable();
      t.primary(['model_id', 'version']);
      t.index(['model_id', 'stage'], 'registry_versions_stage');
    });
    await db.schema.createTable(tables.versionTags, (t) => {
      t.string('model_id', 36).notNullable();
      t.integer('version').notNullable();
      t.string('key', 250).notNullable();
      t.text('value').notNullable();
      t.primary(['model_id', 'version', 'key']);
      t.foreign(['model_id', 'version'])
        .references(['model_id', 'version'])
        .inTable(tables.versions)
        .onDelete('CASCADE');
    });
    await db.schema.createTable(tables.aliases, (t) => {
      t.string('model_id', 36).notNullable().references('id').inTable(tables.models).onDelete('CASCADE');
      t.string('alias', 255).notNullable();
      t.integer('version').notNullable();
      t.primary(['model_id', 'alias']);
    });
    await db.schema.createTable(tables.history, (t) => {
      t.increments('id').primary();
      t.string('model_id', 36).notNullable().references('id').inTable(tables.models).onDelete('CASCADE');
      t.string('kind', 16).notNullable();
      t.integer('version').nullable();
      t.string('alias', 255).nullable();
      t.string('from_value', 256).notNullable();
      t.string('to_value', 256).notNullable();
      t.text('reason').nullable();
      t.string('principal', 256).notNullable();
      t.bigInteger('at').notNullable();
      t.index(['model_id', 'at'], 'registry_history_model_at');
    });
    await db.schema.createTable(tables.versionDatasets, (t) => {
      t.increments('id').primary();
      t.string('model_id', 36).notNullable();
      t.integer('version').notNullable();
      t.string('name', 500).notNullable();
      t.string('digest', 36).notNullable().index('registry_version_datasets_digest');
      t.string('source_type', 256).notNullable();
      t.text('source').notNullable();
      t.text('schema').nullable();
      t.text('profile').nullable();
      // The input's tags (e.g. `mlflow.data.context`) as a JSON array: read whole, never queried.
      t.text('tags').notNullable();
      t.foreign(['model_id', 'version'])
        .references(['model_id', 'version'])
        .inTable(tables.versions)
        .onDelete('CASCADE');
    });
    await db.schema.createTable(tables.purges, (t) => {
      t.increments('id').primary();
      t.string('kind', 16).notNullable();
      t.string('model_id', 36).notNullable();
      t.string('model_name', 256).notNullable();
      t.integer('version').nullable();
      t.bigInteger('deleted_time').notNullable();
      t.bigInteger('purged_at').notNullable();
      t.string('principal', 256).notNullable();
      t.integer('blob_keys').notNullable();
    });
  },
};
