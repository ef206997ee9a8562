import type { JsonSchema } from '@mlops/plugin-api';

/** One rule of the metric gate: which move it guards and the bound the source run's metric must meet. */
export interface MetricRule {
  /** Guard transitions to this stage (any case), e.g. `Production`. Give `stage` or `alias`, not both. */
  readonly stage?: string;
  /** Guard moves of this alias (without `@`), e.g. `champion`. */
  readonly alias?: string;
  /** The metric key, read as its latest value on the version's source run. */
  readonly metric: string;
  /** The value must be at least this. */
  readonly min?: number;
  /** The value must be at most this (for losses and error rates). */
  readonly max?: number;
}

/** Options of {@link metricGatePlugin}. */
export interface MetricGateOptions {
  readonly rules: readonly MetricRule[];
}

/** JSON Schema of {@link MetricGateOptions}; the meaning of each rule is checked in setup. */
export const metricGateOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric'],
        properties: {
          stage: { type: 'string' },
          alias: { type: 'string' },
          metric: { type: 'string', minLength: 1 },
          min: { type: 'number' },
          max: { type: 'number' },
        },
      },
    },
  },
};
