import type { JsonSchema } from '@mlops/plugin-api';

/** Options of the drift plugin. */
export interface DriftOptions {
  /**
   * Every this many milliseconds, check each model version that received batches since its last
   * check; 0 (the default) checks only on demand.
   */
  readonly checkIntervalMs: number;
  /** Largest reference or batch upload accepted over HTTP, in bytes (default 1 GiB). */
  readonly maxUploadBytes: number;
  /** Directory for the temporary column files of a check (default the OS temp directory). */
  readonly spillDirectory?: string;
}

/** JSON Schema of {@link DriftOptions}; the kernel fills in the defaults. */
export const driftOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    checkIntervalMs: { type: 'integer', minimum: 0, default: 0 },
    maxUploadBytes: { type: 'integer', minimum: 1, default: 1024 ** 3 },
    spillDirectory: { type: 'string', minLength: 1 },
  },
};
