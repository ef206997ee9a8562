import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * MLflow 3's logged models: `tracking_logged_models` (one row each, soft-deleted through
 * `lifecycle_stage`), their tags and params, and `tracking_run_outputs`, the models each run
 * produced (MLflow's `runs/outputs`). `tracking_purges.entity_id` widens to hold their 34-character
 * ids (SQLite does not enforce the length, so only PostgreSQL's column changes).
 */
export const createLoggedModelTables: Migration = {
  name: '20261126_01_createLoggedModelTables',
  async up(db: Knex) {
    await db.schema.createTable('tracking_logged_models', (t) => {
      t.string('model_id', 34).primary();
      t.integer('experiment_id').notNullable().references('tracking_experiments.experiment_id');
      t.text('name').notNullable();
      t.text('artifact_uri').notNullable();
      t.string('status', 16).notNullable();
      t.text('status_message');
      t.bigInteger('creation_time').notNullable();
      t.bigInteger('last_updated_time').notNullable();
      t.text('model_type');
      t.string('source_run_id', 32);
      t.text('creator_id');
      t.string('lifecycle_stage', 16).notNullable();
      t.index(['experiment_id', 'creation_time']);
      t.index(['source_run_id']);
    });
    for (const table of ['tracking_logged_model_tags', 'tracking_logged_model_params']) {
      await db.schema.createTable(table, (t) => {
        t.string('model_id', 34).notNullable().references('tracking_logged_models.model_id');
        t.string('key', 250).notNullable();
        t.text('value').notNullable();
        t.primary(['model_id', 'key']);
      });
    }
    await db.schema.createTable('tracking_run_outputs', (t) => {
      t.string('run_id', 32).notNullable();
      t.string('model_id', 34).notNullable().references('tracking_logged_models.model_id');
      t.bigInteger('step').notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['run_id', 'model_id', 'step']);
    });
    if (db.client.dialect === 'postgresql') {
      await db.schema.alterTable('tracking_purges', (t) => {
        t.string('entity_id', 64).notNullable().alter();
      });
    }
  },
};
