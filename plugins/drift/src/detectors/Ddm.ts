import { binaryValue } from './binaryValue.js';
import type { ConceptDriftDetector } from './ConceptDriftDetector.js';
import { integerAtLeast, requireDetectorParameter } from './requireDetectorParameter.js';
import {
  boundToJSON,
  snapshotBoolean,
  snapshotBound,
  snapshotNumber,
  snapshotObject,
} from './snapshotFields.js';

/** Parameters of {@link Ddm}; the defaults are river's. */
export interface DdmParams {
  /** Values seen before a warning or drift can be raised (default 30). */
  readonly warmStart: number;
  /** Warning when p + s exceeds p_min + warningThreshold * s_min (default 2, about 95%). */
  readonly warningThreshold: number;
  /** Drift when p + s exceeds p_min + driftThreshold * s_min (default 3, about 99%). */
  readonly driftThreshold: number;
}

/** The JSON form of a {@link Ddm}. `pMin`, `sMin` and `psMin` are `null` while infinite. */
export interface DdmSnapshot {
  readonly kind: 'ddm';
  readonly params: DdmParams;
  readonly state: {
    readonly n: number;
    readonly p: number;
    readonly pMin: number | null;
    readonly sMin: number | null;
    readonly psMin: number | null;
    readonly warningDetected: boolean;
    readonly driftDetected: boolean;
  };
}

const defaults: DdmParams = { warmStart: 30, warningThreshold: 2, driftThreshold: 3 };

/**
 * DDM, the Drift Detection Method (Gama et al., 2004), as river's `drift.binary.DDM`: tracks the
 * error rate p of a 0/1 error stream and its binomial standard deviation s, remembers the point
 * where p + s was lowest, and signals a warning, then a drift, when p + s rises past that minimum
 * by `warningThreshold`, then `driftThreshold`, standard deviations.
 * @example
 * const ddm = new Ddm();
 * ddm.update(prediction === label ? 0 : 1);
 * if (ddm.driftDetected) retrain();
 */
export class Ddm implements ConceptDriftDetector {
  readonly kind = 'ddm' as const;
  readonly params: DdmParams;
  private n = 0;
  private p = 0;
  private pMin = Number.POSITIVE_INFINITY;
  private sMin = Number.POSITIVE_INFINITY;
  private psMin = Number.POSITIVE_INFINITY;
  private warning = false;
  private detected = false;

  /** @throws InvalidArgumentError naming the parameter when one is out of range. */
  constructor(params: Partial<DdmParams> = {}) {
    const p = { ...defaults, ...params };
    const positive = (v: number) => v > 0 && Number.isFinite(v);
    this.params = {
      warmStart: requireDetectorParameter('warmStart', p.warmStart, 'an integer >= 0', integerAtLeast(0)),
      warningThreshold: requireDetectorParameter(
        'warningThreshold',
        p.warningThreshold,
        'a number > 0',
        positive,
      ),
      driftThreshold: requireDetectorParameter('driftThreshold', p.driftThreshold, 'a number > 0', positive),
    };
  }

  get driftDetected(): boolean {
    return this.detected;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  /** The error rate since the last detection. */
  get errorRate(): number {
    return this.p;
  }

  update(x: number): this {
    const error = binaryValue(x);
    if (this.detected) this.startAfresh();
    this.n += 1;
    this.p += (1 / this.n) * (error - this.p);
    const s = Math.sqrt((this.p * (1 - this.p)) / this.n);
    if (this.n > this.params.warmStart) {
      if (this.p + s <= this.psMin) {
        this.pMin = this.p;
        this.sMin = s;
        this.psMin = this.p + s;
      }
      this.warning = this.p + s > this.pMin + this.params.warningThreshold * this.sMin;
      if (this.p + s > this.pMin + this.params.driftThreshold * this.sMin) {
        this.detected = true;
        this.warning = false;
      }
    }
    return this;
  }

  toJSON(): DdmSnapshot {
    return {
      kind: 'ddm',
      params: { ...this.params },
      state: {
        n: this.n,
        p: this.p,
        pMin: boundToJSON(this.pMin),
        sMin: boundToJSON(this.sMin),
        psMin: boundToJSON(this.psMin),
        warningDetected: this.warning,
        driftDetected: this.detected,
      },
    };
  }

  /**
   * Restores a detector from `toJSON()`'s output.
   * @throws InvalidArgumentError naming the field.
   */
  static fromJSON(snapshot: unknown): Ddm {
    const root = snapshotObject(snapshot, 'snapshot');
    const ddm = new Ddm(snapshotObject(root.params, 'params') as Partial<DdmParams>);
    const state = snapshotObject(root.state, 'state');
    const infinity = Number.POSITIVE_INFINITY;
    ddm.n = snapshotNumber(state, 'n', 'state');
    ddm.p = snapshotNumber(state, 'p', 'state');
    ddm.pMin = snapshotBound(state, 'pMin', 'state', infinity);
    ddm.sMin = snapshotBound(state, 'sMin', 'state', infinity);
    ddm.psMin = snapshotBound(state, 'psMin', 'state', infinity);
    ddm.warning = snapshotBoolean(state, 'warningDetected', 'state');
    ddm.detected = snapshotBoolean(state, 'driftDetected', 'state');
    return ddm;
  }

  private startAfresh(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = Number.POSITIVE_INFINITY;
    this.sMin = Number.POSITIVE_INFINITY;
    this.psMin = Number.POSITIVE_INFINITY;
    this.warning = false;
    this.detected = false;
  }
}
