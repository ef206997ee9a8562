import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/** `tracking_run_model_inputs`: the MLflow 3 logged models each run used (`log-inputs` `models`). */
export const createRunModelInputsTable: Migration = {
  name: '20261126_03_createRunModelInputsTable',
  async up(db: Knex) {
    await db.schema.createTable('tracking_run_model_inputs', (t) => {
      t.string('run_id', 32).notNullable();
      t.string('model_id', 34).notNullable().references('tracking_logged_models.model_id');
      t.bigInteger('created_at').notNullable();
      t.primary(['run_id', 'model_id']);
    });
  },
};
