import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * The HPO schema. `hpo_studies.next_number` is the trial-number counter: `createTrial` increments
 * it with `UPDATE ... RETURNING` in the transaction that inserts the trial, so the row lock (or
 * SQLite's write lock) hands each number out once, across processes; the (study, number) primary
 * key of `hpo_trials` backs that up. Params, intermediate values and study attributes have a row
 * each, so one trial's write never rewrites another's.
 */
export const createHpoTables: Migration = {
  name: '20261123_01_createHpoTables',
  async up(db: Knex) {
    await db.schema.createTable('hpo_studies', (t) => {
      t.string('study_id', 36).primary();
      t.string('name', 500).notNullable().unique();
      t.text('directions').notNullable();
      t.text('config').notNullable();
      t.bigInteger('created_at').notNullable();
      t.integer('next_number').notNullable().defaultTo(0);
    });
    await db.schema.createTable('hpo_study_attrs', (t) => {
      t.string('study_id', 36).notNullable().references('hpo_studies.study_id');
      t.string('key', 250).notNullable();
      t.text('value_json').notNullable();
      t.primary(['study_id', 'key']);
    });
    await db.schema.createTable('hpo_trials', (t) => {
      t.string('study_id', 36).notNullable().references('hpo_studies.study_id');
      t.integer('number').notNullable();
      t.string('state', 16).notNullable();
      t.text('values_json');
      t.boolean('invalid').notNullable().defaultTo(false);
      t.bigInteger('started_at');
      t.bigInteger('finished_at');
      t.bigInteger('heartbeat_at');
      t.string('run_id', 64);
      t.text('user_attrs').notNullable().defaultTo('{}');
      t.primary(['study_id', 'number']);
      t.index(['study_id', 'state', 'number'], 'hpo_trials_state');
    });
    await db.schema.createTable('hpo_trial_params', (t) => {
      t.string('study_id', 36).notNullable();
      t.integer('number').notNullable();
      t.string('name', 250).notNullable();
      t.text('value_json').notNullable();
      t.text('distribution_json').notNullable();
      t.primary(['study_id', 'number', 'name']);
      t.foreign(['study_id', 'number']).references(['study_id', 'number']).inTable('hpo_trials');
    });
    await db.schema.createTable('hpo_trial_intermediate', (t) => {
      t.string('study_id', 36).notNullable();
      t.integer('number').notNullable();
      t.bigInteger('step').notNullable();
      // NULL stands for NaN: SQLite stores a bound NaN as NULL, so both dialects keep it that way.
      t.double('value');
      t.primary(['study_id', 'number', 'step']);
      t.foreign(['study_id', 'number']).references(['study_id', 'number']).inTable('hpo_trials');
    });
  },
};
