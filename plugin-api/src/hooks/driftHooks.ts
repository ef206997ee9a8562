import type { CallContext } from '../CallContext.js';
import { defineEvent } from './defineHooks.js';

/** Payload of {@link DriftDetected}. */
export interface DriftDetectedPayload {
  /** What was monitored: a deployment, a dataset, a model version. */
  readonly subject: string;
  readonly reportId: string;
  /** Columns whose test flagged drift. */
  readonly driftedColumns: readonly string[];
  readonly share: number;
  /**
   * The whole report as the drift plugin stores it (per column: the test, statistic, p-value,
   * effect size, sample sizes and threshold), so a listener needs no second read.
   */
  readonly report: Readonly<Record<string, unknown>>;
  readonly call: CallContext;
}

/** A drift report found the dataset drifted. */
export const DriftDetected = defineEvent<DriftDetectedPayload>('drift.detected');
