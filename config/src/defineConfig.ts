import type { MlopsConfig } from './MlopsConfig.js';

/**
 * Types an `mlops.config.ts`; returns its argument unchanged.
 * @example
 * import { defineConfig } from '@mlops/config';
 * import { sqlStorePlugin } from '@mlops/plugin-store-sql';
 *
 * export default defineConfig({
 *   plugins: [sqlStorePlugin({ url: '.mlops/mlops.db' })],
 *   logLevel: 'info',
 * });
 */
export function defineConfig(config: MlopsConfig): MlopsConfig {
  return config;
}
