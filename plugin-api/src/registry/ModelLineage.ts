import type { ModelVersionRef } from '../hooks/modelHooks.js';
import type { DatasetInput } from '../tracking/Run.js';

/** Where a model version came from: its source run and the datasets that run used. */
export interface ModelLineage {
  readonly ref: ModelVersionRef;
  readonly source: string;
  readonly runId?: string;
  /** The run as Tracking knows it now; absent without a run id, without Tracking, or when the run is gone. */
  readonly run?: {
    readonly runName: string;
    readonly experimentId: string;
    readonly status: string;
    readonly startTime: number;
    readonly endTime?: number;
  };
  /**
   * The run's dataset inputs, as recorded when the version was created (the registry keeps them,
   * so lineage survives the run's deletion and dataset queries need no Tracking).
   */
  readonly datasets: readonly DatasetInput[];
}

/** Identifies a dataset in lineage queries: its digest, and optionally its name. */
export interface DatasetRef {
  readonly digest: string;
  readonly name?: string;
}
