import type { AdwinSnapshot } from './Adwin.js';
import type { DdmSnapshot } from './Ddm.js';
import type { EddmSnapshot } from './Eddm.js';
import type { PageHinkleySnapshot } from './PageHinkley.js';

/** The concept drift detectors this package implements, after river's `drift` module. */
export type DetectorKind = 'adwin' | 'ddm' | 'eddm' | 'page-hinkley';

/**
 * The serialised form of a detector: its kind, its parameters and its whole state, as plain
 * JSON (an infinite value is written `null`). `restoreDetector(snapshot)` gives back a detector
 * that continues exactly where this one was.
 */
export type DetectorSnapshot = AdwinSnapshot | DdmSnapshot | EddmSnapshot | PageHinkleySnapshot;

/**
 * A stream change detector, fed one value at a time. As in river, a detection is reported by the
 * update that causes it (`driftDetected` is true right after that call) and the detector starts
 * afresh on the next update.
 */
export interface ConceptDriftDetector {
  readonly kind: DetectorKind;
  /** True right after the update that detected a change. */
  readonly driftDetected: boolean;
  /** True while DDM or EDDM are in their warning zone; always false for ADWIN and Page-Hinkley. */
  readonly warningDetected: boolean;
  /**
   * Adds one value. ADWIN and Page-Hinkley take any finite number; DDM and EDDM take 0 (a
   * correct prediction) or 1 (an error).
   * @throws InvalidArgumentError (`details.field` `x`) for a value outside that domain.
   */
  update(x: number): this;
  /** The parameters and the whole state, as JSON. */
  toJSON(): DetectorSnapshot;
}
