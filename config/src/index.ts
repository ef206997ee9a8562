/**
 * @packageDocumentation
 * The mlops config: `defineConfig` for typed `mlops.config.ts` files, and `loadConfig`, which finds
 * the config (TS, JS, JSON, YAML or package.json), expands `${env:NAME}` in data configs, loads
 * plugins named by module, and reports every problem as a coded {@link ConfigError}.
 */
export { ConfigError } from './ConfigError.js';
export { type ConfigErrorCode, configErrorCodes } from './configErrorCodes.js';
export { configSearchPlaces } from './configSearchPlaces.js';
export { defineConfig } from './defineConfig.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './loadConfig.js';
export { type LogLevel, logLevels, type MlopsConfig } from './MlopsConfig.js';
