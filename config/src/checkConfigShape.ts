import { ConfigError } from './ConfigError.js';
import { closestMatch } from './closestMatch.js';
import { describeValue } from './describeValue.js';
import { type LogLevel, logLevels, mlopsConfigKeys } from './MlopsConfig.js';

/** A config object whose keys are known, before its plugins entries are turned into instances. */
export interface ConfigShape {
  plugins: unknown[];
  logLevel?: LogLevel;
  shutdownTimeoutMs?: number;
}

/**
 * Fails with CONFIG_INVALID unless `raw` is an object, or with CONFIG_UNKNOWN_KEY when it has a
 * key that is not a config option. Runs before env expansion, so a typo is named first.
 */
export function checkConfigKeys(filepath: string, raw: unknown): asserts raw is Record<string, unknown> {
  if (raw === undefined) throw new ConfigError('CONFIG_INVALID', filepath, 'the config is empty');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      'CONFIG_INVALID',
      filepath,
      `the config must be an object, got ${describeValue(raw)}`,
    );
  }
  const known: readonly string[] = mlopsConfigKeys;
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const near = closestMatch(key, known);
    const hint = near === undefined ? `known keys: ${known.join(', ')}` : `did you mean "${near}"?`;
    throw new ConfigError('CONFIG_UNKNOWN_KEY', filepath, `unknown top-level key "${key}" (${hint})`, {
      field: key,
    });
  }
}

/** Checks the type of each top-level value; fails with CONFIG_INVALID naming the key. */
export function checkConfigValues(filepath: string, raw: Record<string, unknown>): ConfigShape {
  const { plugins, logLevel, shutdownTimeoutMs } = raw;
  if (plugins === undefined) {
    throw invalid(filepath, 'plugins', '"plugins" is required: an array of plugins');
  }
  if (!Array.isArray(plugins)) {
    throw invalid(filepath, 'plugins', `"plugins" must be an array, got ${describeValue(plugins)}`);
  }
  const shape: ConfigShape = { plugins };
  if (logLevel !== undefined) {
    if (!(logLevels as readonly unknown[]).includes(logLevel)) {
      const expected = logLevels.join(', ');
      throw invalid(
        filepath,
        'logLevel',
        `"logLevel" must be one of ${expected}, got ${describeValue(logLevel)}`,
      );
    }
    shape.logLevel = logLevel as LogLevel;
  }
  if (shutdownTimeoutMs !== undefined) {
    if (
      typeof shutdownTimeoutMs !== 'number' ||
      !Number.isInteger(shutdownTimeoutMs) ||
      shutdownTimeoutMs <= 0
    ) {
      const got = describeValue(shutdownTimeoutMs);
      throw invalid(
        filepath,
        'shutdownTimeoutMs',
        `"shutdownTimeoutMs" must be a positive integer, got ${got}`,
      );
    }
    shape.shutdownTimeoutMs = shutdownTimeoutMs;
  }
  return shape;
}

function invalid(filepath: string, field: string, problem: string): ConfigError {
  return new ConfigError('CONFIG_INVALID', filepath, problem, { field });
}
