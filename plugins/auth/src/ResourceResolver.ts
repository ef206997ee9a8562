import { FailedPreconditionError, isMlopsError, systemCall, type Tracking } from '@mlops/plugin-api';
import { TtlCache } from './TtlCache.js';

/** The resource a permission is stored on, or `missing` when the request names nothing that exists. */
export type Resolved = { readonly kind: string; readonly id: string } | 'missing';

/**
 * Maps the resources routes declare to those permissions are stored on: a run to its
 * experiment, an experiment name to its id; experiments and registered models map to themselves.
 * A run never changes experiment, so that mapping is kept; names are kept `ttlMs` (renames).
 */
export class ResourceResolver {
  private readonly runs = new TtlCache<string>(24 * 3600 * 1000, 50_000);
  private readonly names: TtlCache<string>;

  constructor(
    private readonly tracking: () => Tracking | undefined,
    ttlMs: number,
  ) {
    this.names = new TtlCache<string>(ttlMs);
  }

  /**
   * @throws FailedPreconditionError when a run or experiment name needs the Tracking port and
   * none is configured; what Tracking throws besides NotFoundError.
   */
  async resolve(kind: string, id: string): Promise<Resolved> {
    if (kind === 'run') {
      const known = this.runs.get(id);
      if (known !== undefined) return { kind: 'experiment', id: known };
      const experimentId = await this.lookUp(id, (t) =>
        t.getRun(id, systemCall()).then((r) => r.info.experimentId),
      );
      if (experimentId !== 'missing') this.runs.set(id, experimentId);
      return experimentId === 'missing' ? 'missing' : { kind: 'experiment', id: experimentId };
    }
    if (kind === 'experimentName') {
      const known = this.names.get(id);
      if (known !== undefined) return { kind: 'experiment', id: known };
      const experimentId = await this.lookUp(id, (t) =>
        t.getExperimentByName(id, systemCall()).then((e) => e.experimentId),
      );
      if (experimentId !== 'missing') this.names.set(id, experimentId);
      return experimentId === 'missing' ? 'missing' : { kind: 'experiment', id: experimentId };
    }
    return { kind, id };
  }

  /** Forgets experiment names (after a rename). */
  forgetNames(): void {
    this.names.clear();
  }

  private async lookUp(id: string, read: (tracking: Tracking) => Promise<string>): Promise<string> {
    const tracking = this.tracking();
    if (tracking === undefined) {
      throw new FailedPreconditionError(`cannot check a permission on "${id}" without a Tracking plugin`);
    }
    try {
      return await read(tracking);
    } catch (err) {
      if (isMlopsError(err, 'NotFound')) return 'missing';
      throw err;
    }
  }
}
