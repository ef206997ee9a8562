import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link memoryBlobStorePlugin}. */
export interface MemoryBlobStoreOptions {
  /** The most bytes the store holds, all objects together; a put that would pass it is refused. */
  readonly maxBytes: number;
}

/** 64 MiB: enough for tests and demos, small enough not to starve the process. */
export const defaultMaxBytes = 64 * 1024 * 1024;

/** JSON Schema of {@link MemoryBlobStoreOptions}; the kernel validates options and fills defaults from it. */
export const memoryBlobStoreOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    maxBytes: { type: 'integer', minimum: 1, default: defaultMaxBytes },
  },
  additionalProperties: false,
};
