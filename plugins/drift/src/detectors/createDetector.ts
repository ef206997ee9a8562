import { InvalidArgumentError } from '@mlops/plugin-api';
import { Adwin, type AdwinParams } from './Adwin.js';
import type { ConceptDriftDetector, DetectorKind } from './ConceptDriftDetector.js';
import { Ddm, type DdmParams } from './Ddm.js';
import { Eddm, type EddmParams } from './Eddm.js';
import { PageHinkley, type PageHinkleyParams } from './PageHinkley.js';

/** Parameters of each detector kind (every one optional; river's defaults fill the rest). */
export interface DetectorParamsByKind {
  adwin: Partial<AdwinParams>;
  ddm: Partial<DdmParams>;
  eddm: Partial<EddmParams>;
  'page-hinkley': Partial<PageHinkleyParams>;
}

/** The kinds {@link createDetector} knows. */
export const detectorKinds: readonly DetectorKind[] = ['adwin', 'ddm', 'eddm', 'page-hinkley'];

/**
 * A new detector of `kind` with `params` (river's defaults for what is left out).
 * @throws InvalidArgumentError `kind must be one of adwin, ddm, eddm, page-hinkley, got "<kind>"`
 * (`details.field` `kind`), or naming a parameter that is out of range.
 * @example
 * const detector = createDetector('page-hinkley', { threshold: 20 });
 */
export function createDetector<K extends DetectorKind>(
  kind: K,
  params: DetectorParamsByKind[K] = {},
): ConceptDriftDetector {
  switch (kind as DetectorKind) {
    case 'adwin':
      return new Adwin(params as Partial<AdwinParams>);
    case 'ddm':
      return new Ddm(params as Partial<DdmParams>);
    case 'eddm':
      return new Eddm(params as Partial<EddmParams>);
    case 'page-hinkley':
      return new PageHinkley(params as Partial<PageHinkleyParams>);
    default:
      throw new InvalidArgumentError(
        `kind must be one of ${detectorKinds.join(', ')}, got ${JSON.stringify(kind)}`,
        { field: 'kind', reason: 'out_of_range' },
      );
  }
}
