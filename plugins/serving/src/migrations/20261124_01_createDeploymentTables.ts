import type { Migration } from '@mlops/plugin-api';

/**
 * Deployments and their revisions. A deployment row only points at its current revision; every
 * state it ever had is a revision row, so rollback copies one and the history stays whole.
 */
export const createDeploymentTables: Migration = {
  name: '20261124_01_createDeploymentTables',
  async up(db) {
    await db.schema.createTable('serving_deployments', (t) => {
      t.string('name', 63).primary();
      t.integer('current_revision').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await db.schema.createTable('serving_revisions', (t) => {
      t.string('deployment', 63)
        .notNullable()
        .references('name')
        .inTable('serving_deployments')
        .onDelete('CASCADE');
      t.integer('revision').notNullable();
      t.string('model', 256).notNullable();
      t.string('alias', 255).nullable();
      t.integer('version').notNullable();
      t.string('environment', 64).notNullable();
      t.string('backend', 64).notNullable();
      t.text('backend_options').notNullable();
      t.text('reason').notNullable();
      t.string('artifact_sha256', 64).nullable();
      t.string('created_by', 256).notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['deployment', 'revision']);
      t.index(['model', 'version', 'environment'], 'serving_revisions_model_version');
    });
  },
  async down(db) {
    await db.schema.dropTable('serving_revisions');
    await db.schema.dropTable('serving_deployments');
  },
};
