import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link servingBentomlPlugin}. */
export interface ServingBentomlOptions {
  /** Where Bento projects are generated, one directory per deployment and version; relative to the working directory. */
  readonly workDir: string;
  /** The BentoML CLI: a name looked up on PATH, or a path. */
  readonly bentomlCommand: string;
  /** How long one `bentoml build` may take, in ms. */
  readonly buildTimeoutMs: number;
}

/** JSON Schema of {@link ServingBentomlOptions}; the kernel validates options and fills defaults from it. */
export const servingBentomlOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    workDir: {
      type: 'string',
      minLength: 1,
      default: '.mlops/bentoml',
      description: 'where Bento projects are generated',
    },
    bentomlCommand: { type: 'string', minLength: 1, default: 'bentoml', description: 'the BentoML CLI' },
    buildTimeoutMs: {
      type: 'integer',
      minimum: 1,
      default: 600_000,
      description: 'time limit of one bentoml build',
    },
  },
};
