import type { Migration } from '@mlops/plugin-api';
import { createDeploymentTables } from './20261124_01_createDeploymentTables.js';
import { createExperimentTable } from './20261124_02_createExperimentTable.js';

/** The serving plugin's migrations, sorted by name (the order they apply). */
export const migrations: readonly Migration[] = [createDeploymentTables, createExperimentTable];
