import type { Migration } from '@mlops/plugin-api';

/**
 * A/B tests and their assignments: one row per request a test routed (request id -> arm), with
 * the outcome posted back for it, so reports survive restarts and read only this table.
 */
export const createAbTestTables: Migration = {
  name: '20261125_30_createAbTestTables',
  async up(db) {
    await db.schema.createTable('serving_ab_tests', (t) => {
      t.string('id', 36).primary();
      t.string('deployment', 63)
        .notNullable()
        .references('name')
        .inTable('serving_deployments')
        .onDelete('CASCADE');
      t.string('metric', 8).notNullable();
      t.string('goal', 8).notNullable();
      t.text('arms').notNullable();
      t.double('baseline').notNullable();
      t.double('minimum_detectable_effect').notNullable();
      t.double('standard_deviation').nullable();
      t.double('alpha').notNullable();
      t.double('power').notNullable();
      t.integer('sample_size_per_arm').notNullable();
      t.string('status', 16).notNullable();
      t.text('status_reason').nullable();
      t.string('winner', 32).nullable();
      t.string('started_by', 256).notNullable();
      t.bigInteger('started_at').notNullable();
      t.bigInteger('ended_at').nullable();
      t.index(['deployment', 'started_at'], 'serving_ab_tests_deployment');
    });
    await db.schema.createTable('serving_ab_assignments', (t) => {
      t.string('test_id', 36).notNullable().references('id').inTable('serving_ab_tests').onDelete('CASCADE');
      t.string('request_id', 256).notNullable();
      t.string('arm', 32).notNullable();
      t.bigInteger('assigned_at').notNullable();
      t.double('outcome').nullable();
      t.bigInteger('outcome_at').nullable();
      t.primary(['test_id', 'request_id']);
    });
  },
  async down(db) {
    await db.schema.dropTable('serving_ab_assignments');
    await db.schema.dropTable('serving_ab_tests');
  },
};
