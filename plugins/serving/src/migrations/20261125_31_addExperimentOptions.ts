import type { Migration } from '@mlops/plugin-api';

/**
 * The options of an experiment added after its table (relative guards, stepped promotion, shadow
 * concurrency, the step reached), as one JSON column, so a new option needs no migration.
 */
export const addExperimentOptions: Migration = {
  name: '20261125_31_addExperimentOptions',
  async up(db) {
    await db.schema.alterTable('serving_experiments', (t) => {
      t.text('options').nullable();
    });
  },
  async down(db) {
    await db.schema.alterTable('serving_experiments', (t) => {
      t.dropColumn('options');
    });
  },
};
