import type { Migration } from '@mlops/plugin-api';
import { tables } from '../tables.js';

/**
 * `registry_gc_runs`: one row per garbage collection of orphaned registry objects
 * (`collectGarbage`, `mlops registry gc`), dry runs included, so an operator can tell what was
 * reclaimed and by whom.
 */
export const createGcRunsTable: Migration = {
  name: '20261123_01_createGcRunsTable',
  async up(db) {
    await db.schema.createTable(tables.gcRuns, (t) => {
      t.increments('id').primary();
      t.bigInteger('started_at').notNullable();
      t.bigInteger('finished_at').notNullable();
      t.string('principal', 256).notNullable();
      t.text('request_id').notNullable();
      t.boolean('dry_run').notNullable();
      t.bigInteger('min_age_ms').notNullable();
      t.bigInteger('scanned').notNullable();
      t.bigInteger('orphans').notNullable();
      t.bigInteger('orphan_bytes').notNullable();
      t.bigInteger('deleted').notNullable();
      t.bigInteger('deleted_bytes').notNullable();
    });
  },
};
