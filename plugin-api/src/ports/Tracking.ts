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
 * artifacts, with MLflow's semantics, limits and messages. Errors: NotFoundError for an unknown
 * id, InvalidArgumentError naming the field (`details.field`) for bad input, AlreadyExistsError
 * for a taken experiment name, FailedPreconditionError for writes to a deleted run or experiment
 * (as MLflow, logging to a finished run is allowed) and for artifacts without a BlobStore.
 * Every write emits its event (`trackingHooks.ts`) after its commit.
 */
export interface Tracking {
  createExperiment(input: NewExperiment, call: CallContext): Promise<Experiment>;
  getExperiment(experimentId: string, call: CallContext): Promise<Experiment>;
  /** Active or deleted. @throws NotFoundError `Could not find experiment with name '<name>'`. */
  getExperimentByName(name: string, call: CallContext): Promise<Experiment>;
  searchExperiments(query: ExperimentQuery, call: CallContext): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, name: string, call: CallContext): Promise<Experiment>;
  /**
   * Soft delete: the experiment and its active runs become `deleted`, restorable until purged;
   * the name stays taken until then. The Default experiment `0` cannot be deleted.
   */
  deleteExperiment(experimentId: string, call: CallContext): Promise<void>;
  /** Restores a deleted experiment and the runs deleted with it. */
  restoreExperiment(experimentId: string, call: CallContext): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string, call: CallContext): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string, call: CallContext): Promise<void>;

  /** A RUNNING run; its name is `runName`, else its `mlflow.runName` tag, else generated (`brisk-owl-417`). */
  createRun(input: NewRun, call: CallContext): Promise<Run>;
  getRun(runId: string, call: CallContext): Promise<Run>;
  updateRun(runId: string, update: RunUpdate, call: CallContext): Promise<RunInfo>;
  /** Soft delete; the run stays readable and restorable until purged. */
  deleteRun(runId: string, call: CallContext): Promise<void>;
  /** @throws FailedPreconditionError while the run's experiment is deleted. */
  restoreRun(runId: string, call: CallContext): Promise<void>;
  /**
   * Logs metrics, params and tags in one transaction; a retried batch stores nothing twice.
   * @throws InvalidArgumentError past MLflow's limits or rules, or for a param logged before with
   * another value (`Changing param values is not allowed. ...`); nothing of the batch is stored.
   */
  logBatch(runId: string, batch: RunBatch, call: CallContext): Promise<void>;
  deleteTag(runId: string, key: string, call: CallContext): Promise<void>;
  logInputs(runId: string, inputs: readonly DatasetInput[], call: CallContext): Promise<void>;
  /** @throws InvalidArgumentError for a bad filter or order (the message names the position), size or token. */
  searchRuns(query: RunQuery, call: CallContext): Promise<RunPage>;
  getMetricHistory(query: MetricHistoryQuery, call: CallContext): Promise<MetricHistory>;
  /** At most 1000 runs, in the order given. */
  compareRuns(runIds: readonly string[], call: CallContext): Promise<RunComparison>;
  /**
   * Welch's t-test on the latest value of `metric` between two groups of runs (2 or more each,
   * none in both). @throws FailedPreconditionError when a run has no finite value of the metric.
   */
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
