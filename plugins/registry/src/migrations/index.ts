import type { Migration } from '@mlops/plugin-api';
import { createRegistryTables } from './20261122_01_createRegistryTables.js';
import { createGcRunsTable } from './20261123_01_createGcRunsTable.js';
import { addLoggedModelId } from './20261126_01_addLoggedModelId.js';

/** The registry's migrations, sorted by name (the order they apply). */
export const migrations: readonly Migration[] = [createRegistryTables, createGcRunsTable, addLoggedModelId];
