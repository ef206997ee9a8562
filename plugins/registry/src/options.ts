import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link registryPlugin}. */
export interface RegistryOptions {
  /**
   * Days a soft-deleted model or version is kept (restorable) before `purge` may remove it for
   * good. 0 makes everything deleted so far purgeable.
   */
  readonly retentionDays: number;
  /**
   * BlobStore key prefix of the artifacts the registry owns (model cards, and whatever is written
   * under a version's `artifactPrefix`); purge removes them. Ends with `/`.
   */
  readonly blobPrefix: string;
}

/** JSON Schema of {@link RegistryOptions}; the kernel applies its defaults. */
export const registryOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    retentionDays: { type: 'number', minimum: 0, default: 30 },
    blobPrefix: { type: 'string', pattern: '^([A-Za-z0-9._-]+/)+$', default: 'registry/' },
  },
};
