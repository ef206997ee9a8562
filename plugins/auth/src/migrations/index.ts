import type { Migration } from '@mlops/plugin-api';
import { createAuthTables } from './20261124_01_createAuthTables.js';

/** The auth plugin's migrations, in the order they apply. */
export const migrations: readonly Migration[] = [createAuthTables];
