import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * `drift_references` (one per model version: where its reference dataset lies in the BlobStore,
 * its report settings, and the last batch a check compared), `drift_batches` (current data, in
 * the BlobStore), `drift_reports` (each report as JSON) and `drift_detectors` (each detector's
 * serialised state).
 */
export const createDriftTables: Migration = {
  name: '20261124_01_createDriftTables',
  async up(db: Knex) {
    await db.schema.createTable('drift_references', (t) => {
      t.text('model').notNullable();
      t.integer('version').notNullable();
      t.text('format').notNullable();
      t.text('blob_key').notNullable();
      t.bigInteger('bytes').notNullable();
      t.text('sha256').notNullable();
      t.text('settings').notNullable();
      t.bigInteger('last_checked_batch').notNullable().defaultTo(0);
      t.bigInteger('created_at').notNullable();
      t.primary(['model', 'version']);
    });
    await db.schema.createTable('drift_batches', (t) => {
      t.text('model').notNullable();
      t.integer('version').notNullable();
      t.bigInteger('batch').notNullable();
      t.text('format').notNullable();
      t.text('blob_key').notNullable();
      t.bigInteger('bytes').notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['model', 'version', 'batch']);
    });
    await db.schema.createTable('drift_reports', (t) => {
      t.increments('report_seq');
      t.text('report_id').notNullable().unique();
      t.text('model').notNullable();
      t.integer('version').notNullable();
      t.bigInteger('batch_from').notNullable();
      t.bigInteger('batch_to').notNullable();
      t.boolean('dataset_drift').notNullable();
      t.double('share').notNullable();
      t.text('drifted_columns').notNullable();
      t.text('report').notNullable();
      t.bigInteger('created_at').notNullable();
      t.index(['model', 'version', 'report_seq']);
    });
    await db.schema.createTable('drift_detectors', (t) => {
      t.text('model').notNullable();
      t.text('name').notNullable();
      t.text('kind').notNullable();
      t.text('snapshot').notNullable();
      t.bigInteger('values_seen').notNullable();
      t.bigInteger('detections').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['model', 'name']);
    });
  },
};
