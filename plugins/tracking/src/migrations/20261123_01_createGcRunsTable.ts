import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * `tracking_gc_runs`: one row per garbage collection of orphaned artifacts (`collectGarbage`,
 * `mlops tracking gc`), dry runs included, so an operator can tell what was reclaimed and by whom.
 */
export const createGcRunsTable: Migration = {
  name: '20261123_01_createGcRunsTable',
  async up(db: Knex) {
    await db.schema.createTable('tracking_gc_runs', (t) => {
      t.increments('gc_int');
      t.bigInteger('started_at').notNullable();
      t.bigInteger('finished_at').notNullable();
      t.text('run_by').notNullable();
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
