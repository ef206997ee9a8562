import type { Migration } from '@mlops/plugin-api';
import { createHpoTables } from './20261123_01_createHpoTables.js';

/** The HPO plugin's migrations, in the order they apply. */
export const migrations: readonly Migration[] = [createHpoTables];
