import type { Migration } from '@mlops/plugin-api';

/** The app's own table, created through the kernel's Database port like a plugin's. */
export const feedbackMigrations: Migration[] = [
  {
    name: '20261122_01_createFeedback',
    async up(db) {
      await db.schema.createTable('example_feedback', (t) => {
        t.increments('id').primary();
        t.string('model', 200).notNullable().index();
        t.float('score').notNullable();
        t.bigInteger('created_at').notNullable();
      });
    },
  },
];
