import type { Migration } from '@mlops/plugin-api';
import { createRegistryTables } from './20261122_01_createRegistryTables.js';

/** The registry's migrations, sorted by name (the order they apply). */
export const migrations: readonly Migration[] = [createRegistryTables];
