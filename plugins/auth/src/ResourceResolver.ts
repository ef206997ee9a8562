import {
  FailedPreconditionError,
  isMlopsError,
  type LoggedModels,
  systemCall,
  type Tracking,
} from '@mlops/plugin-api';
import { TtlCache } from './TtlCache.js';

/** The resource a permission is stored on, or `missing` when the request names nothing that exists. */
export type Resolved = { readonly kind: string; readonly id: string } | 'missing';

/**
 * Maps the resources routes declare to those permissions are stored on: a run or a logged model
 * to its experiment, an experiment name to its id; experiments and registered models map to
 * themselves. Runs and logged models never change experiment, so those mappings are kept; names
 * are kept `ttlMs` (renames).
 */
export class ResourceResolver {
  private readonly runs = new TtlCache<string>(24 * 3600 * 1000, 50_000);
  private readonly models = new TtlCache<string>(24 * 3600 * 1000, 50_000);
  private readonly names: TtlCache<string>;

  constructor(
    private readonly tracking: () => Tracking | undefined,
    ttlMs: number,
    private readonly loggedModels: () => LoggedModels | undefined = () => undefined,
  ) {
    this.names = new TtlCache<string>(ttlMs);
  }

  /**
   * @throws FailedPreconditionError when a run, logged model or experiment name needs a port
   * that is not configured; what the port throws besides NotFoundError.
   */
  async resolve(kind: string, id: string): Promise<Resolved> {
    if (kind === 'run') {
      return this.toExperiment(this.runs, id, () =>
        this.lookUp(this.tracking(), id, (t) => t.getRun(id, systemCall()).then((r) => r.info.experimentId)),
      );
    }
    if (kind === 'loggedModel') {
      return this.toExperiment(this.models, id, () =>
        this.lookUp(this.loggedModels(), id, (m) =>
          m.getLoggedModel(id, systemCall()).then((model) => model.experimentId),
        ),
      );
    }
    if (kind === 'experimentName') {
      return this.toExperiment(this.names, id, () =>
        this.lookUp(this.tracking(), id, (t) =>
          t.getExperimentByName(id, systemCall()).then((e) => e.experimentId),
        ),
      );
    }
    return { kind, id };
  }

  private async toExperiment(
    cache: TtlCache<string>,
    id: string,
    find: () => Promise<string>,
  ): Promise<Resolved> {
    const known = cache.get(id);
    if (known !== undefined) return { kind: 'experiment', id: known };
    const experimentId = await find();
    if (experimentId === 'missing') return 'missing';
    cache.set(id, experimentId);
    return { kind: 'experiment', id: experimentId };
  }

  /** Forgets experiment names (after a rename). */
  forgetNames(): void {
    this.names.clear();
  }

  private async lookUp<P>(
    port: P | undefined,
    id: string,
    read: (port: P) => Promise<string>,
  ): Promise<string> {
    if (port === undefined) {
      throw new FailedPreconditionError(`cannot check a permission on "${id}" without a Tracking plugin`);
    }
    try {
      return await read(port);
    } catch (err) {
      if (isMlopsError(err, 'NotFound')) return 'missing';
      throw err;
    }
  }
}
