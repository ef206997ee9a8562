import type { Migration } from '@mlops/plugin-api';
import { createTrackingTables } from './20261122_01_createTrackingTables.js';
import { createGcRunsTable } from './20261123_01_createGcRunsTable.js';
import { createLoggedModelTables } from './20261126_01_createLoggedModelTables.js';
import { createLoggedModelMetricsTable } from './20261126_02_createLoggedModelMetricsTable.js';
import { createRunModelInputsTable } from './20261126_03_createRunModelInputsTable.js';

/** The tracking plugin's migrations, in the order they apply. */
export const migrations: readonly Migration[] = [
  createTrackingTables,
  createGcRunsTable,
  createLoggedModelTables,
  createLoggedModelMetricsTable,
  createRunModelInputsTable,
];
