import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { dialectOf } from '../sqlDialect.js';

/**
 * The whole tracking schema, and the Default experiment "0" (as MLflow's store creates it).
 * Runs and metric keys get integer surrogate ids, so the hot metric tables hold only numbers:
 * `tracking_metrics` is keyed on every column of a point, which makes a retried batch a no-op
 * (`ON CONFLICT DO NOTHING`) and serves histories in step order from the key itself.
 */
export const createTrackingTables: Migration = {
  name: '20261122_01_createTrackingTables',
  async up(db: Knex) {
    const withoutRowid = dialectOf(db) === 'sqlite' ? ' WITHOUT ROWID' : '';
    await db.schema.createTable('tracking_experiments', (t) => {
      t.increments('experiment_id');
      t.string('name', 500).notNullable().unique();
      t.text('artifact_location').notNullable();
      t.string('lifecycle_stage', 16).notNullable();
      t.bigInteger('creation_time').notNullable();
      t.bigInteger('last_update_time').notNullable();
      t.bigInteger('deleted_time');
    });
    await db.schema.createTable('tracking_experiment_tags', (t) => {
      t.integer('experiment_id').notNullable().references('tracking_experiments.experiment_id');
      t.string('key', 250).notNullable();
      t.text('value').notNullable();
      t.primary(['experiment_id', 'key']);
    });
    await db.schema.createTable('tracking_runs', (t) => {
      t.increments('run_int');
      t.string('run_id', 32).notNullable().unique();
      t.integer('experiment_id').notNullable().references('tracking_experiments.experiment_id');
      t.text('name').notNullable();
      t.text('user_id').notNullable();
      t.string('status', 16).notNullable();
      t.bigInteger('start_time').notNullable();
      t.bigInteger('end_time');
      t.string('lifecycle_stage', 16).notNullable();
      t.text('artifact_uri').notNullable();
      t.bigInteger('deleted_time');
      t.index(['experiment_id', 'start_time'], 'tracking_runs_experiment_start');
      t.index(['lifecycle_stage', 'deleted_time'], 'tracking_runs_deleted');
    });
    for (const table of ['tracking_params', 'tracking_tags']) {
      await db.schema.createTable(table, (t) => {
        t.integer('run_int').notNullable().references('tracking_runs.run_int');
        t.string('key', 250).notNullable();
        t.text('value').notNullable();
        t.primary(['run_int', 'key']);
        // Values stay out of the index: PostgreSQL refuses index entries past ~2.7 kB.
        t.index(['key', 'run_int'], `${table}_key`);
      });
    }
    await db.schema.createTable('tracking_metric_keys', (t) => {
      t.increments('key_id');
      t.string('key', 250).notNullable().unique();
    });
    await db.raw(`CREATE TABLE tracking_metrics (
      run_int integer NOT NULL,
      key_id integer NOT NULL,
      step bigint NOT NULL,
      ts bigint NOT NULL,
      value double precision NOT NULL,
      is_nan boolean NOT NULL,
      PRIMARY KEY (run_int, key_id, step, ts, value, is_nan)
    )${withoutRowid}`);
    await db.schema.createTable('tracking_latest_metrics', (t) => {
      t.integer('run_int').notNullable();
      t.integer('key_id').notNullable();
      t.bigInteger('step').notNullable();
      t.bigInteger('ts').notNullable();
      t.double('value').notNullable();
      t.boolean('is_nan').notNullable();
      t.bigInteger('point_count').notNullable();
      t.integer('tile_shift').notNullable();
      t.primary(['run_int', 'key_id']);
      t.index(['key_id', 'value', 'run_int'], 'tracking_latest_metrics_value');
    });
    await db.raw(`CREATE TABLE tracking_metric_tiles (
      run_int integer NOT NULL,
      key_id integer NOT NULL,
      tile bigint NOT NULL,
      lo_step bigint NOT NULL,
      lo_ts bigint NOT NULL,
      lo_value double precision NOT NULL,
      hi_step bigint NOT NULL,
      hi_ts bigint NOT NULL,
      hi_value double precision NOT NULL,
      PRIMARY KEY (run_int, key_id, tile)
    )${withoutRowid}`);
    await db.schema.createTable('tracking_datasets', (t) => {
      t.increments('dataset_int');
      t.integer('experiment_id').notNullable().references('tracking_experiments.experiment_id');
      t.string('name', 500).notNullable();
      t.string('digest', 36).notNullable();
      t.text('source_type').notNullable();
      t.text('source').notNullable();
      t.text('schema');
      t.text('profile');
      t.unique(['experiment_id', 'name', 'digest']);
    });
    await db.schema.createTable('tracking_inputs', (t) => {
      t.integer('run_int').notNullable().references('tracking_runs.run_int');
      t.integer('dataset_int').notNullable().references('tracking_datasets.dataset_int');
      t.primary(['run_int', 'dataset_int']);
      t.index(['dataset_int'], 'tracking_inputs_dataset');
    });
    await db.schema.createTable('tracking_input_tags', (t) => {
      t.integer('run_int').notNullable();
      t.integer('dataset_int').notNullable();
      t.string('key', 255).notNullable();
      t.string('value', 500).notNullable();
      t.primary(['run_int', 'dataset_int', 'key']);
    });
    await db.schema.createTable('tracking_purges', (t) => {
      t.increments('purge_int');
      t.string('kind', 16).notNullable();
      t.string('entity_id', 32).notNullable();
      t.text('name').notNullable();
      t.bigInteger('deleted_time').notNullable();
      t.bigInteger('purged_at').notNullable();
      t.text('purged_by').notNullable();
      t.text('request_id').notNullable();
    });
    const now = Date.now();
    await db('tracking_experiments').insert({
      experiment_id: 0,
      name: 'Default',
      artifact_location: 'mlflow-artifacts:/0',
      lifecycle_stage: 'active',
      creation_time: now,
      last_update_time: now,
    });
  },
};
