import { InvalidArgumentError } from '@mlops/plugin-api';
import type { ConceptDriftDetector } from './ConceptDriftDetector.js';
import { finite, integerAtLeast, requireDetectorParameter } from './requireDetectorParameter.js';
import { snapshotBoolean, snapshotNumber, snapshotObject } from './snapshotFields.js';

/** Parameters of {@link Adwin}; the defaults are river's. */
export interface AdwinParams {
  /** Significance of the cut test (default 0.002). */
  readonly delta: number;
  /** Check for a cut every `clock` values (default 32). */
  readonly clock: number;
  /** Buckets of one size kept before the two oldest merge (default 5). */
  readonly maxBuckets: number;
  /** Smallest sub-window a cut may leave on either side (default 5). */
  readonly minWindowLength: number;
  /** No check before the window holds more than this many values (default 10). */
  readonly gracePeriod: number;
}

/** One row of buckets of equal size 2^row: their sums and variances (sums of squared deviations), oldest first. */
export interface AdwinBucketRow {
  readonly totals: number[];
  readonly variances: number[];
}

/** The JSON form of an {@link Adwin}. */
export interface AdwinSnapshot {
  readonly kind: 'adwin';
  readonly params: AdwinParams;
  readonly state: {
    readonly rows: AdwinBucketRow[];
    readonly width: number;
    readonly total: number;
    readonly variance: number;
    readonly tick: number;
    readonly detections: number;
    readonly driftDetected: boolean;
  };
}

const defaults: AdwinParams = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 };

/**
 * ADWIN (Bifet & Gavaldà, 2007): keeps a window of recent values, compressed into exponential
 * histogram buckets, and drops its older part whenever two sub-windows have means further apart
 * than the Hoeffding-style bound allows at significance `delta`. As river's `drift.ADWIN`, it
 * checks every `clock` values and starts a fresh window on the update after a detection.
 *
 * One difference from river: river's cut loop skips the newest bucket of every row
 * (`range(current_idx - 1)`), so some cut points are never tried; this one tries every bucket
 * boundary but the last, as the paper and MOA do.
 * @example
 * const adwin = new Adwin();
 * for (const [i, error] of errors.entries()) if (adwin.update(error).driftDetected) console.log(i);
 */
export class Adwin implements ConceptDriftDetector {
  readonly kind = 'adwin' as const;
  readonly warningDetected = false;
  readonly params: AdwinParams;
  private rows: AdwinBucketRow[] = [];
  private width = 0;
  private total = 0;
  private variance = 0;
  private tick = 0;
  private detections = 0;
  private detected = false;

  /** @throws InvalidArgumentError naming the parameter (`delta`, `clock`, ...) when one is out of range. */
  constructor(params: Partial<AdwinParams> = {}) {
    const p = { ...defaults, ...params };
    this.params = {
      delta: requireDetectorParameter('delta', p.delta, 'a number in (0, 1)', (v) => v > 0 && v < 1),
      clock: requireDetectorParameter('clock', p.clock, 'an integer >= 1', integerAtLeast(1)),
      maxBuckets: requireDetectorParameter('maxBuckets', p.maxBuckets, 'an integer >= 2', integerAtLeast(2)),
      minWindowLength: requireDetectorParameter(
        'minWindowLength',
        p.minWindowLength,
        'an integer >= 1',
        integerAtLeast(1),
      ),
      gracePeriod: requireDetectorParameter(
        'gracePeriod',
        p.gracePeriod,
        'an integer >= 0',
        integerAtLeast(0),
      ),
    };
  }

  get driftDetected(): boolean {
    return this.detected;
  }

  /** Values in the current window. */
  get windowSize(): number {
    return this.width;
  }

  /** Mean of the current window (0 when empty). */
  get estimation(): number {
    return this.width === 0 ? 0 : this.total / this.width;
  }

  /** Detections since creation. */
  get detectionCount(): number {
    return this.detections;
  }

  update(x: number): this {
    requireDetectorParameter('x', x, 'a finite number', finite);
    if (this.detected) this.startAfresh();
    this.insert(x);
    this.detected = this.detectChange();
    if (this.detected) this.detections += 1;
    return this;
  }

  toJSON(): AdwinSnapshot {
    return {
      kind: 'adwin',
      params: { ...this.params },
      state: {
        rows: this.rows.map((row) => ({ totals: [...row.totals], variances: [...row.variances] })),
        width: this.width,
        total: this.total,
        variance: this.variance,
        tick: this.tick,
        detections: this.detections,
        driftDetected: this.detected,
      },
    };
  }

  /**
   * Restores a detector from `toJSON()`'s output (parsed JSON is fine).
   * @throws InvalidArgumentError naming the field (`params.delta`, `state.rows[2].totals`, ...).
   */
  static fromJSON(snapshot: unknown): Adwin {
    const root = snapshotObject(snapshot, 'snapshot');
    const params = snapshotObject(root.params, 'params');
    const adwin = new Adwin(params as Partial<AdwinParams>);
    const state = snapshotObject(root.state, 'state');
    if (!Array.isArray(state.rows)) {
      throw new InvalidArgumentError('state.rows must be an array', {
        field: 'state.rows',
        reason: 'invalid_type',
      });
    }
    adwin.rows = state.rows.map((raw: unknown, i) =>
      readRow(raw, `state.rows[${i}]`, adwin.params.maxBuckets),
    );
    adwin.width = snapshotNumber(state, 'width', 'state');
    adwin.total = snapshotNumber(state, 'total', 'state');
    adwin.variance = snapshotNumber(state, 'variance', 'state');
    adwin.tick = snapshotNumber(state, 'tick', 'state');
    adwin.detections = snapshotNumber(state, 'detections', 'state');
    adwin.detected = snapshotBoolean(state, 'driftDetected', 'state');
    const counted = adwin.rows.reduce((sum, row, i) => sum + row.totals.length * 2 ** i, 0);
    if (counted !== adwin.width) {
      throw new InvalidArgumentError(
        `state.width must equal the values in state.rows (${counted}), got ${adwin.width}`,
        {
          field: 'state.width',
          reason: 'inconsistent',
        },
      );
    }
    return adwin;
  }

  private startAfresh(): void {
    this.rows = [];
    this.width = 0;
    this.total = 0;
    this.variance = 0;
    this.tick = 0;
  }

  private insert(x: number): void {
    if (this.rows.length === 0) this.rows.push({ totals: [], variances: [] });
    const newest = this.rows[0]!;
    newest.totals.push(x);
    newest.variances.push(0);
    this.width += 1;
    if (this.width > 1) {
      const previousMean = this.total / (this.width - 1);
      this.variance += ((this.width - 1) * (x - previousMean) * (x - previousMean)) / this.width;
    }
    this.total += x;
    this.compress();
  }

  /** Merges the two oldest buckets of each full row into one bucket of the next row. */
  private compress(): void {
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (row.totals.length <= this.params.maxBuckets) return;
      if (i + 1 === this.rows.length) this.rows.push({ totals: [], variances: [] });
      const next = this.rows[i + 1]!;
      const size = 2 ** i;
      const [t1, t2] = row.totals as [number, number];
      const [v1, v2] = row.variances as [number, number];
      const meanGap = t1 / size - t2 / size;
      next.totals.push(t1 + t2);
      next.variances.push(v1 + v2 + (size * size * meanGap * meanGap) / (2 * size));
      row.totals.splice(0, 2);
      row.variances.splice(0, 2);
    }
  }

  /** Removes the oldest bucket; returns its size. */
  private dropOldest(): void {
    const last = this.rows.length - 1;
    const row = this.rows[last]!;
    const size = 2 ** last;
    const sum = row.totals.shift()!;
    const bucketVariance = row.variances.shift()!;
    this.width -= size;
    this.total -= sum;
    const gap = sum / size - this.total / this.width;
    this.variance -= bucketVariance + (size * this.width * gap * gap) / (size + this.width);
    if (row.totals.length === 0) this.rows.pop();
  }

  private detectChange(): boolean {
    this.tick += 1;
    if (this.tick % this.params.clock !== 0 || this.width <= this.params.gracePeriod) return false;
    let detected = false;
    while (this.findCut()) {
      detected = true;
      this.dropOldest();
    }
    return detected;
  }

  /** True when some split of the window into older W0 and newer W1 has significantly different means. */
  private findCut(): boolean {
    const minLength = this.params.minWindowLength;
    let n0 = 0;
    let u0 = 0;
    let n1 = this.width;
    let u1 = this.total;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i]!;
      const size = 2 ** i;
      for (let k = 0; k < row.totals.length; k++) {
        if (i === 0 && k === row.totals.length - 1) return false;
        n0 += size;
        n1 -= size;
        u0 += row.totals[k]!;
        u1 -= row.totals[k]!;
        if (n0 >= minLength && n1 >= minLength && this.cutHolds(n0, n1, u0 / n0 - u1 / n1)) return true;
      }
    }
    return false;
  }

  private cutHolds(n0: number, n1: number, meanGap: number): boolean {
    const minLength = this.params.minWindowLength;
    const deltaPrime = Math.log((2 * Math.log(this.width)) / this.params.delta);
    const mRecip = 1 / (n0 - minLength + 1) + 1 / (n1 - minLength + 1);
    const epsilon =
      Math.sqrt(2 * mRecip * (this.variance / this.width) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
    return Math.abs(meanGap) > epsilon;
  }
}

function readRow(raw: unknown, field: string, maxBuckets: number): AdwinBucketRow {
  const row = snapshotObject(raw, field);
  const totals = row.totals;
  const variances = row.variances;
  if (
    !Array.isArray(totals) ||
    !Array.isArray(variances) ||
    totals.length !== variances.length ||
    totals.length === 0 ||
    totals.length > maxBuckets
  ) {
    throw new InvalidArgumentError(`${field} must hold 1 to ${maxBuckets} totals and as many variances`, {
      field,
      reason: 'invalid_shape',
    });
  }
  const numbers = (values: unknown[], name: string) =>
    values.map((v, i) => requireDetectorParameter(`${field}.${name}[${i}]`, v, 'a finite number', finite));
  return { totals: numbers(totals, 'totals'), variances: numbers(variances, 'variances') };
}
