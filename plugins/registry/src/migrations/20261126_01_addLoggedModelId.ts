import type { Migration } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { tables } from '../tables.js';

/**
 * `logged_model_id` and `storage_location` on model versions: the MLflow 3 logged model a version
 * was registered from, and where its files are (the model's artifact URI).
 */
export const addLoggedModelId: Migration = {
  name: '20261126_01_addLoggedModelId',
  async up(db: Knex) {
    await db.schema.alterTable(tables.versions, (t) => {
      t.string('logged_model_id', 34);
      t.text('storage_location');
    });
  },
};
