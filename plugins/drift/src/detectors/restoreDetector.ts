import { InvalidArgumentError } from '@mlops/plugin-api';
import { Adwin } from './Adwin.js';
import type { ConceptDriftDetector } from './ConceptDriftDetector.js';
import { detectorKinds } from './createDetector.js';
import { Ddm } from './Ddm.js';
import { Eddm } from './Eddm.js';
import { PageHinkley } from './PageHinkley.js';
import { snapshotObject } from './snapshotFields.js';

/**
 * The detector a snapshot describes (the output of any detector's `toJSON()`, possibly through
 * `JSON.parse`), in the state it was saved in.
 * @throws InvalidArgumentError naming the field (`kind`, `params.delta`, `state.n`, ...) when the
 * snapshot is malformed.
 * @example
 * const saved = JSON.stringify(detector);
 * const again = restoreDetector(JSON.parse(saved));
 */
export function restoreDetector(snapshot: unknown): ConceptDriftDetector {
  const kind = snapshotObject(snapshot, 'snapshot').kind;
  switch (kind) {
    case 'adwin':
      return Adwin.fromJSON(snapshot);
    case 'ddm':
      return Ddm.fromJSON(snapshot);
    case 'eddm':
      return Eddm.fromJSON(snapshot);
    case 'page-hinkley':
      return PageHinkley.fromJSON(snapshot);
    default:
      throw new InvalidArgumentError(
        `kind must be one of ${detectorKinds.join(', ')}, got ${JSON.stringify(kind) ?? 'undefined'}`,
        { field: 'kind', reason: 'out_of_range' },
      );
  }
}
