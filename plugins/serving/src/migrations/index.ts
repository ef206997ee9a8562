import type { Migration } from '@mlops/plugin-api';
import { createDeploymentTables } from './20261124_01_createDeploymentTables.js';
import { createExperimentTable } from './20261124_02_createExperimentTable.js';
import { createBatchJobTable } from './20261125_20_createBatchJobTable.js';
import { createAbTestTables } from './20261125_30_createAbTestTables.js';
import { addExperimentOptions } from './20261125_31_addExperimentOptions.js';

/** The serving plugin's migrations, sorted by name (the order they apply). */
export const migrations: readonly Migration[] = [
  createDeploymentTables,
  createExperimentTable,
  createBatchJobTable,
  createAbTestTables,
  addExperimentOptions,
];
