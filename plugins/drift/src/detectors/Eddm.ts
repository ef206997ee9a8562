import { InvalidArgumentError } from '@mlops/plugin-api';
import { binaryValue } from './binaryValue.js';
import type { ConceptDriftDetector } from './ConceptDriftDetector.js';
import { RunningVariance, type RunningVarianceState } from './RunningVariance.js';
import { integerAtLeast, requireDetectorParameter } from './requireDetectorParameter.js';
import { snapshotBoolean, snapshotNumber, snapshotObject } from './snapshotFields.js';

/** Parameters of {@link Eddm}; the defaults are river's. */
export interface EddmParams {
  /** Values and errors seen before a warning or drift can be raised (default 30). */
  readonly warmStart: number;
  /** Warning when (p' + 2s') / max(p' + 2s') falls below alpha (default 0.95). */
  readonly alpha: number;
  /** Drift when it falls below beta (default 0.9); beta <= alpha. */
  readonly beta: number;
}

/** The JSON form of an {@link Eddm}. */
export interface EddmSnapshot {
  readonly kind: 'eddm';
  readonly params: EddmParams;
  readonly state: {
    readonly n: number;
    readonly lastError: number;
    readonly errors: number;
    readonly distances: RunningVarianceState;
    readonly p2sMax: number;
    readonly warningDetected: boolean;
    readonly driftDetected: boolean;
  };
}

const defaults: EddmParams = { warmStart: 30, alpha: 0.95, beta: 0.9 };

/**
 * EDDM, the Early Drift Detection Method (Baena-García et al., 2006), as river's
 * `drift.binary.EDDM`: watches the distance between consecutive errors of a 0/1 error stream;
 * its mean plus two standard deviations shrinks when errors come more often, and a warning, then
 * a drift, is signalled when it falls below `alpha`, then `beta`, times its maximum. Suited to
 * gradual drift. With river's defaults it is sensitive: see the calibration figures in the README.
 */
export class Eddm implements ConceptDriftDetector {
  readonly kind = 'eddm' as const;
  readonly params: EddmParams;
  private n = 0;
  private lastError = 0;
  private errors = 0;
  private distances = new RunningVariance();
  private p2sMax = -1;
  private warning = false;
  private detected = false;

  /** @throws InvalidArgumentError naming the parameter when one is out of range, or `beta` above `alpha`. */
  constructor(params: Partial<EddmParams> = {}) {
    const p = { ...defaults, ...params };
    const unit = (v: number) => v > 0 && v <= 1;
    const warmStart = requireDetectorParameter(
      'warmStart',
      p.warmStart,
      'an integer >= 0',
      integerAtLeast(0),
    );
    const alpha = requireDetectorParameter('alpha', p.alpha, 'a number in (0, 1]', unit);
    const beta = requireDetectorParameter('beta', p.beta, 'a number in (0, 1]', unit);
    if (alpha < beta) {
      throw new InvalidArgumentError(`beta must be at most alpha (${alpha}), got ${beta}`, {
        field: 'beta',
        reason: 'out_of_range',
      });
    }
    this.params = { warmStart, alpha, beta };
  }

  get driftDetected(): boolean {
    return this.detected;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  update(x: number): this {
    const error = binaryValue(x);
    if (this.detected) this.startAfresh();
    this.n += 1;
    if (error === 1) {
      this.errors += 1;
      this.distances.update(this.n - this.lastError);
      if (this.n > this.params.warmStart) {
        const p2s = this.distances.mean + 2 * Math.sqrt(this.distances.variance());
        if (p2s > this.p2sMax) {
          this.p2sMax = p2s;
        } else if (this.errors > this.params.warmStart) {
          const level = p2s / this.p2sMax;
          if (level < this.params.beta) this.detected = true;
          else this.warning = level < this.params.alpha;
        }
      }
      this.lastError = this.n;
    }
    return this;
  }

  toJSON(): EddmSnapshot {
    return {
      kind: 'eddm',
      params: { ...this.params },
      state: {
        n: this.n,
        lastError: this.lastError,
        errors: this.errors,
        distances: this.distances.toJSON(),
        p2sMax: this.p2sMax,
        warningDetected: this.warning,
        driftDetected: this.detected,
      },
    };
  }

  /**
   * Restores a detector from `toJSON()`'s output.
   * @throws InvalidArgumentError naming the field.
   */
  static fromJSON(snapshot: unknown): Eddm {
    const root = snapshotObject(snapshot, 'snapshot');
    const eddm = new Eddm(snapshotObject(root.params, 'params') as Partial<EddmParams>);
    const state = snapshotObject(root.state, 'state');
    const distances = snapshotObject(state.distances, 'state.distances');
    eddm.n = snapshotNumber(state, 'n', 'state');
    eddm.lastError = snapshotNumber(state, 'lastError', 'state');
    eddm.errors = snapshotNumber(state, 'errors', 'state');
    eddm.distances = RunningVariance.fromJSON({
      n: snapshotNumber(distances, 'n', 'state.distances'),
      mean: snapshotNumber(distances, 'mean', 'state.distances'),
      m2: snapshotNumber(distances, 'm2', 'state.distances'),
    });
    eddm.p2sMax = snapshotNumber(state, 'p2sMax', 'state');
    eddm.warning = snapshotBoolean(state, 'warningDetected', 'state');
    eddm.detected = snapshotBoolean(state, 'driftDetected', 'state');
    return eddm;
  }

  private startAfresh(): void {
    this.n = 0;
    this.lastError = 0;
    this.errors = 0;
    this.distances = new RunningVariance();
    this.p2sMax = -1;
    this.warning = false;
    this.detected = false;
  }
}
