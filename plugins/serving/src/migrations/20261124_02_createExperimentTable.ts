import type { Migration } from '@mlops/plugin-api';

/** The latest experiment of each deployment (canary or shadow), so a running one survives a restart. */
export const createExperimentTable: Migration = {
  name: '20261124_02_createExperimentTable',
  async up(db) {
    await db.schema.createTable('serving_experiments', (t) => {
      t.string('deployment', 63)
        .primary()
        .references('name')
        .inTable('serving_deployments')
        .onDelete('CASCADE');
      t.string('kind', 16).notNullable();
      t.integer('version').notNullable();
      t.float('percent').notNullable();
      t.string('sticky_by', 256).nullable();
      t.float('max_error_rate').nullable();
      t.float('max_latency_ms').nullable();
      t.integer('min_requests').notNullable();
      t.string('status', 16).notNullable();
      t.text('status_reason').nullable();
      t.string('started_by', 256).notNullable();
      t.bigInteger('started_at').notNullable();
    });
  },
  async down(db) {
    await db.schema.dropTable('serving_experiments');
  },
};
