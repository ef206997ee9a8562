import { InvalidArgumentError } from '@mlops/plugin-api';
import type { ConceptDriftDetector } from './ConceptDriftDetector.js';
import { finite, integerAtLeast, requireDetectorParameter } from './requireDetectorParameter.js';
import {
  boundToJSON,
  snapshotBoolean,
  snapshotBound,
  snapshotNumber,
  snapshotObject,
} from './snapshotFields.js';

/** Which shifts of the mean {@link PageHinkley} watches. */
export type PageHinkleyMode = 'up' | 'down' | 'both';

/** Parameters of {@link PageHinkley}; the defaults are river's. */
export interface PageHinkleyParams {
  /** Values seen before a drift can be raised (default 30). */
  readonly minInstances: number;
  /** Magnitude of change tolerated per value (default 0.005). */
  readonly delta: number;
  /** The detection threshold lambda, in units of the input (default 50). */
  readonly threshold: number;
  /** Forgetting factor of the cumulative sums (default 1 - 0.0001). */
  readonly alpha: number;
  /** Watch increases, decreases or both (default `both`). */
  readonly mode: PageHinkleyMode;
}

/** The JSON form of a {@link PageHinkley}. `minIncrease` is `null` while infinite. */
export interface PageHinkleySnapshot {
  readonly kind: 'page-hinkley';
  readonly params: PageHinkleyParams;
  readonly state: {
    readonly n: number;
    readonly mean: number;
    readonly sumIncrease: number;
    readonly sumDecrease: number;
    readonly minIncrease: number | null;
    readonly maxDecrease: number;
    readonly driftDetected: boolean;
  };
}

const defaults: PageHinkleyParams = {
  minInstances: 30,
  delta: 0.005,
  threshold: 50,
  alpha: 1 - 0.0001,
  mode: 'both',
};
const modes: readonly PageHinkleyMode[] = ['up', 'down', 'both'];

/**
 * The Page-Hinkley test (Page, 1954), as river's `drift.PageHinkley`: cumulative sums of each
 * value's deviation from the running mean (less `delta`, faded by `alpha`); a drift is signalled
 * when a sum rises more than `threshold` above its minimum (an increase) or falls that far below
 * its maximum (a decrease). The threshold is in the input's units: scale it to the data.
 */
export class PageHinkley implements ConceptDriftDetector {
  readonly kind = 'page-hinkley' as const;
  readonly warningDetected = false;
  readonly params: PageHinkleyParams;
  private n = 0;
  private mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minIncrease = Number.POSITIVE_INFINITY;
  // river starts the maximum at -1 rather than -inf; kept so decisions match river's.
  private maxDecrease = -1;
  private detected = false;

  /** @throws InvalidArgumentError naming the parameter when one is out of range. */
  constructor(params: Partial<PageHinkleyParams> = {}) {
    const p = { ...defaults, ...params };
    if (!modes.includes(p.mode)) {
      throw new InvalidArgumentError(`mode must be one of up, down, both, got ${JSON.stringify(p.mode)}`, {
        field: 'mode',
        reason: 'out_of_range',
      });
    }
    const positive = (v: number) => v > 0 && Number.isFinite(v);
    this.params = {
      minInstances: requireDetectorParameter(
        'minInstances',
        p.minInstances,
        'an integer >= 1',
        integerAtLeast(1),
      ),
      delta: requireDetectorParameter(
        'delta',
        p.delta,
        'a finite number >= 0',
        (v) => v >= 0 && Number.isFinite(v),
      ),
      threshold: requireDetectorParameter('threshold', p.threshold, 'a number > 0', positive),
      alpha: requireDetectorParameter('alpha', p.alpha, 'a number in (0, 1]', (v) => v > 0 && v <= 1),
      mode: p.mode,
    };
  }

  get driftDetected(): boolean {
    return this.detected;
  }

  update(x: number): this {
    requireDetectorParameter('x', x, 'a finite number', finite);
    if (this.detected) this.startAfresh();
    this.n += 1;
    this.mean += (1 / this.n) * (x - this.mean);
    const deviation = x - this.mean;
    this.sumIncrease = this.params.alpha * this.sumIncrease + deviation - this.params.delta;
    this.sumDecrease = this.params.alpha * this.sumDecrease + deviation + this.params.delta;
    if (this.sumIncrease < this.minIncrease) this.minIncrease = this.sumIncrease;
    if (this.sumDecrease > this.maxDecrease) this.maxDecrease = this.sumDecrease;
    if (this.n >= this.params.minInstances) {
      const increase = this.sumIncrease - this.minIncrease > this.params.threshold;
      const decrease = this.maxDecrease - this.sumDecrease > this.params.threshold;
      const mode = this.params.mode;
      this.detected = mode === 'up' ? increase : mode === 'down' ? decrease : increase || decrease;
    }
    return this;
  }

  toJSON(): PageHinkleySnapshot {
    return {
      kind: 'page-hinkley',
      params: { ...this.params },
      state: {
        n: this.n,
        mean: this.mean,
        sumIncrease: this.sumIncrease,
        sumDecrease: this.sumDecrease,
        minIncrease: boundToJSON(this.minIncrease),
        maxDecrease: this.maxDecrease,
        driftDetected: this.detected,
      },
    };
  }

  /**
   * Restores a detector from `toJSON()`'s output.
   * @throws InvalidArgumentError naming the field.
   */
  static fromJSON(snapshot: unknown): PageHinkley {
    const root = snapshotObject(snapshot, 'snapshot');
    const ph = new PageHinkley(snapshotObject(root.params, 'params') as Partial<PageHinkleyParams>);
    const state = snapshotObject(root.state, 'state');
    ph.n = snapshotNumber(state, 'n', 'state');
    ph.mean = snapshotNumber(state, 'mean', 'state');
    ph.sumIncrease = snapshotNumber(state, 'sumIncrease', 'state');
    ph.sumDecrease = snapshotNumber(state, 'sumDecrease', 'state');
    ph.minIncrease = snapshotBound(state, 'minIncrease', 'state', Number.POSITIVE_INFINITY);
    ph.maxDecrease = snapshotNumber(state, 'maxDecrease', 'state');
    ph.detected = snapshotBoolean(state, 'driftDetected', 'state');
    return ph;
  }

  private startAfresh(): void {
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = 0;
    this.sumDecrease = 0;
    this.minIncrease = Number.POSITIVE_INFINITY;
    this.maxDecrease = -1;
    this.detected = false;
  }
}
