import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link storageFsPlugin}. */
export interface StorageFsOptions {
  /**
   * The directory that holds every object, upload and temporary file; relative paths start at the
   * process's working directory. Created, with its parents, when missing.
   */
  readonly root: string;
  /**
   * Whether to fsync each file and its directory before and after the rename that commits it, so
   * that a committed object survives a power cut. Turning it off only trades that for speed: a
   * crash of the process still leaves the old object or the new one.
   */
  readonly fsync: boolean;
}

/** The root when the config gives none. */
export const defaultRoot = '.mlops/artifacts';

/** JSON Schema of {@link StorageFsOptions}; the kernel validates options and fills defaults from it. */
export const storageFsOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    root: { type: 'string', minLength: 1, default: defaultRoot, description: 'directory of the store' },
    fsync: { type: 'boolean', default: true, description: 'fsync files and directories on commit' },
  },
};
