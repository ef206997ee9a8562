import type { Readable } from 'node:stream';
import type { CallContext } from '../CallContext.js';
import { createToken } from '../Token.js';
import type { Experiment, ExperimentQuery, NewExperiment } from '../tracking/Experiment.js';
import type { Page } from '../tracking/Page.js';
import type {
  ArtifactEntry,
  DatasetInput,
  GroupComparison,
  MetricHistory,
  MetricHistoryQuery,
  NewRun,
  Run,
  RunBatch,
  RunComparison,
  RunInfo,
  RunPage,
  RunQuery,
  RunUpdate,
} from '../tracking/Run.js';
import type { BlobBody, GetOptions } from './BlobStore.js';

/**
 * Experiment tracking: experiments, runs, params, metrics, tags, dataset inputs and run
 * artifacts, with MLflow's semantics and limits. Errors: NotFoundError for an unknown id,
 * InvalidArgumentError naming the field for bad input, AlreadyExistsError for a taken name,
 * FailedPreconditionError for writes to a deleted or finished entity where MLflow refuses them.
 */
export interface Tracking {
  createExperiment(input: NewExperiment, call: CallContext): Promise<Experiment>;
  getExperiment(experimentId: string, call: CallContext): Promise<Experiment>;
  getExperimentByName(name: string, call: CallContext): Promise<Experiment>;
  searchExperiments(query: ExperimentQuery, call: CallContext): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, name: string, call: CallContext): Promise<Experiment>;
  /** Soft delete: the experiment and its runs become `deleted`, restorable until purged. */
  deleteExperiment(experimentId: string, call: CallContext): Promise<void>;
  restoreExperiment(experimentId: string, call: CallContext): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string, call: CallContext): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string, call: CallContext): Promise<void>;

  createRun(input: NewRun, call: CallContext): Promise<Run>;
  getRun(runId: string, call: CallContext): Promise<Run>;
  updateRun(runId: string, update: RunUpdate, call: CallContext): Promise<RunInfo>;
  deleteRun(runId: string, call: CallContext): Promise<void>;
  restoreRun(runId: string, call: CallContext): Promise<void>;
  /** Logs metrics, params and tags in one transaction; a retried batch stores nothing twice. */
  logBatch(runId: string, batch: RunBatch, call: CallContext): Promise<void>;
  deleteTag(runId: string, key: string, call: CallContext): Promise<void>;
  logInputs(runId: string, inputs: readonly DatasetInput[], call: CallContext): Promise<void>;
  searchRuns(query: RunQuery, call: CallContext): Promise<RunPage>;
  getMetricHistory(query: MetricHistoryQuery, call: CallContext): Promise<MetricHistory>;
  compareRuns(runIds: readonly string[], call: CallContext): Promise<RunComparison>;
  /** Welch's t-test on the latest value of `metric` between two groups of runs. */
  compareRunGroups(
    query: { metric: string; a: readonly string[]; b: readonly string[]; confidenceLevel?: number },
    call: CallContext,
  ): Promise<GroupComparison>;

  /** Streams `body` into the run's artifacts at `path` (relative, `/`-separated). */
  logArtifact(runId: string, path: string, body: BlobBody, call: CallContext): Promise<ArtifactEntry>;
  /** Direct children of `path` (the root when absent). */
  listArtifacts(runId: string, path: string | undefined, call: CallContext): Promise<ArtifactEntry[]>;
  openArtifact(runId: string, path: string, call: CallContext, options?: GetOptions): Promise<Readable>;
}

/** The tracking service (plugins/tracking). */
export const Tracking = createToken<Tracking>({
  id: 'tracking.tracking',
  description: 'experiments, runs, params, metrics, tags, inputs and run artifacts',
});
