import type { Migration } from '@mlops/plugin-api';

/**
 * Batch inference jobs with their checkpoint: `chunks_done` chunks are predicted and their output
 * parts written, so a resumed job starts at chunk `chunks_done`.
 */
export const createBatchJobTable: Migration = {
  name: '20261125_20_createBatchJobTable',
  async up(db) {
    await db.schema.createTable('serving_batch_jobs', (t) => {
      t.string('id', 36).primary();
      t.string('deployment', 63)
        .notNullable()
        .references('name')
        .inTable('serving_deployments')
        .onDelete('CASCADE');
      t.text('input_key').notNullable();
      t.string('input_sha256', 64).notNullable();
      t.string('format', 16).notNullable();
      t.text('output_key').notNullable();
      t.string('model', 256).notNullable();
      t.integer('version').notNullable();
      t.integer('chunk_rows').notNullable();
      t.integer('rows_per_request').notNullable();
      t.string('status', 16).notNullable();
      t.text('status_message').nullable();
      t.integer('chunks_done').notNullable();
      t.bigInteger('rows_done').notNullable();
      t.bigInteger('rows_total').nullable();
      t.string('created_by', 256).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.bigInteger('finished_at').nullable();
      t.index(['deployment', 'created_at'], 'serving_batch_jobs_deployment');
      t.index(['status'], 'serving_batch_jobs_status');
    });
  },
  async down(db) {
    await db.schema.dropTable('serving_batch_jobs');
  },
};
