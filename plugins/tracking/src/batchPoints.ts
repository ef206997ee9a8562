import type { Metric } from '@mlops/plugin-api';

/** What one key contributes to a batch: its point count, step range and latest point. */
export interface KeyStats {
  count: number;
  minStep: number;
  maxStep: number;
  // The latest point, as fields rather than an object: in step order every point is the latest.
  step: number;
  ts: number;
  value: number;
  isNan: boolean;
}

/**
 * The points of a batch, one typed array per column (NaN stored as 0 with its flag, 1 in `nans`),
 * and per key. Typed arrays, so that handing a batch to the writer thread moves their buffers
 * instead of copying every number.
 */
export interface BatchPoints {
  readonly keyIds: Int32Array;
  /** Integers (MLflow's int64 steps and timestamps), exact up to 2^53. */
  readonly steps: Float64Array;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly nans: Uint8Array;
  readonly stats: Map<number, KeyStats>;
}

/** The buffers of `points`, to transfer to another thread. */
export function batchBuffers(points: BatchPoints): ArrayBuffer[] {
  const { keyIds, steps, timestamps, values, nans } = points;
  return [keyIds, steps, timestamps, values, nans].map((column) => column.buffer as ArrayBuffer);
}

/**
 * Lays a batch out by column and sums it up per key in one pass. The latest point follows
 * MLflow's order: a point is newer when its (step, timestamp, value) is greater.
 */
export function collectBatchPoints(
  metrics: readonly Metric[],
  keyIds: ReadonlyMap<string, number>,
): BatchPoints {
  const n = metrics.length;
  const points: BatchPoints = {
    keyIds: new Int32Array(n),
    steps: new Float64Array(n),
    timestamps: new Float64Array(n),
    values: new Float64Array(n),
    nans: new Uint8Array(n),
    stats: new Map(),
  };
  for (let i = 0; i < n; i++) {
    const m = metrics[i]!;
    const keyId = keyIds.get(m.key)!;
    const { step, timestamp } = m;
    const isNan = Number.isNaN(m.value);
    const value = isNan ? 0 : m.value;
    points.keyIds[i] = keyId;
    points.steps[i] = step;
    points.timestamps[i] = timestamp;
    points.values[i] = value;
    points.nans[i] = isNan ? 1 : 0;
    const s = points.stats.get(keyId);
    if (s === undefined) {
      points.stats.set(keyId, { count: 1, minStep: step, maxStep: step, step, ts: timestamp, value, isNan });
      continue;
    }
    s.count++;
    if (step < s.minStep) s.minStep = step;
    if (step > s.maxStep) s.maxStep = step;
    if (step > s.step || (step === s.step && (timestamp > s.ts || (timestamp === s.ts && value > s.value)))) {
      s.step = step;
      s.ts = timestamp;
      s.value = value;
      s.isNan = isNan;
    }
  }
  return points;
}
