import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * `tracking_logged_model_metrics`: metric points logged for MLflow 3 logged models (a run's metric
 * sent with a `model_id`), keyed on every column so a retried point is stored once. NaN is stored
 * as 0 with `is_nan`, as run metrics are; a point without a dataset keeps `''` in both dataset
 * columns (part of the key, so never NULL).
 */
export const createLoggedModelMetricsTable: Migration = {
  name: '20261126_02_createLoggedModelMetricsTable',
  async up(db: Knex) {
    await db.schema.createTable('tracking_logged_model_metrics', (t) => {
      t.string('model_id', 34).notNullable().references('tracking_logged_models.model_id');
      t.string('key', 250).notNullable();
      t.double('value').notNullable();
      t.boolean('is_nan').notNullable();
      t.bigInteger('ts').notNullable();
      t.bigInteger('step').notNullable();
      t.string('run_id', 32).notNullable();
      t.string('dataset_name', 500).notNullable();
      t.string('dataset_digest', 36).notNullable();
      t.primary([
        'model_id',
        'key',
        'step',
        'ts',
        'value',
        'is_nan',
        'run_id',
        'dataset_name',
        'dataset_digest',
      ]);
    });
  },
};
