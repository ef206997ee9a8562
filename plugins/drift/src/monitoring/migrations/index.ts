import type { Migration } from '@mlops/plugin-api';
import { createDriftTables } from './20261124_01_createDriftTables.js';

/** The drift plugin's migrations, in the order they apply. */
export const migrations: readonly Migration[] = [createDriftTables];
