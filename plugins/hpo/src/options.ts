import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link hpoPlugin}. */
export interface HpoOptions {
  /** The sampler of a study created without one (over REST, or in-process without `sampler`). */
  readonly defaultSampler: 'TPESampler' | 'RandomSampler';
  /** The pruner of a study created without one. */
  readonly defaultPruner: 'MedianPruner' | 'NopPruner';
  /**
   * How often an in-process trial sends a heartbeat while its objective runs; a worker over REST
   * calls `POST .../trials/:number/heartbeat` at about this pace.
   */
  readonly heartbeatIntervalMs: number;
  /**
   * A RUNNING trial whose last heartbeat is older than this is marked STALE (its worker is taken
   * to be dead) before the next trial of its study is handed out. Keep it a few heartbeats long.
   */
  readonly staleAfterMs: number;
  /** Link each trial to a tracking run when the tracking plugin is present. */
  readonly trackTrials: boolean;
  /** Most COMPLETE trials a report or plot reads (the first ones, in trial order). */
  readonly reportMaxTrials: number;
}

/** JSON Schema of {@link HpoOptions}; the kernel fills in the defaults. */
export const hpoOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    defaultSampler: { type: 'string', enum: ['TPESampler', 'RandomSampler'], default: 'TPESampler' },
    defaultPruner: { type: 'string', enum: ['MedianPruner', 'NopPruner'], default: 'MedianPruner' },
    heartbeatIntervalMs: { type: 'integer', minimum: 100, default: 30_000 },
    staleAfterMs: { type: 'integer', minimum: 1_000, default: 120_000 },
    trackTrials: { type: 'boolean', default: true },
    reportMaxTrials: { type: 'integer', minimum: 1, maximum: 100_000, default: 10_000 },
  },
};
