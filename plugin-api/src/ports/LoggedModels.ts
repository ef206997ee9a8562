import type { Readable } from 'node:stream';
import type { CallContext } from '../CallContext.js';
import { createToken } from '../Token.js';
import type {
  LoggedModel,
  LoggedModelQuery,
  LoggedModelStatus,
  ModelMetricInput,
  ModelOutput,
  NewLoggedModel,
  RunModels,
} from '../tracking/LoggedModel.js';
import type { Page } from '../tracking/Page.js';
import type { ArtifactEntry, Param, Tag } from '../tracking/Run.js';
import type { BlobBody, GetOptions } from './BlobStore.js';

/**
 * Logged models (MLflow 3): models logged in an experiment with artifacts, params and tags of
 * their own, linked to the run that produced them. What MLflow 3's `log_model` and
 * `register_model` use. Errors: NotFoundError for an unknown (or deleted) model, run or
 * experiment; InvalidArgumentError naming the field; FailedPreconditionError for a deleted
 * experiment, and for artifacts without a BlobStore. Writes emit no events.
 * @example
 * const models = kernel.get(LoggedModels);
 * const m = await models.createLoggedModel({ experimentId: '1', name: 'model', sourceRunId }, call);
 * await models.logModelArtifact(m.modelId, 'model.onnx', bytes, call);
 * await models.finalizeLoggedModel(m.modelId, 'READY', call);
 */
export interface LoggedModels {
  /** A `PENDING` model in the experiment. */
  createLoggedModel(input: NewLoggedModel, call: CallContext): Promise<LoggedModel>;
  getLoggedModel(modelId: string, call: CallContext): Promise<LoggedModel>;
  /** Sets the status once its artifacts are uploaded (`READY`) or failed to (`UPLOAD_FAILED`). */
  finalizeLoggedModel(
    modelId: string,
    status: Exclude<LoggedModelStatus, 'PENDING'>,
    call: CallContext,
  ): Promise<LoggedModel>;
  /** Soft delete: the model is no longer found; its artifacts stay until purged. */
  deleteLoggedModel(modelId: string, call: CallContext): Promise<void>;
  /** @throws InvalidArgumentError for a bad filter, order, size or token (the message names it). */
  searchLoggedModels(query: LoggedModelQuery, call: CallContext): Promise<Page<LoggedModel>>;
  /** Sets (or overwrites) tags. */
  setLoggedModelTags(modelId: string, tags: readonly Tag[], call: CallContext): Promise<void>;
  /** @throws NotFoundError when the tag is not set. */
  deleteLoggedModelTag(modelId: string, key: string, call: CallContext): Promise<void>;
  /** Params are immutable: logging one again with another value is an InvalidArgumentError. */
  logLoggedModelParams(modelId: string, params: readonly Param[], call: CallContext): Promise<void>;

  /**
   * Records metric points for logged models, as logged in `runId` (MLflow 3's `log-batch` and
   * `log-metric` with `model_id`); a point logged again is kept once.
   * @throws NotFoundError for an unknown model or run; InvalidArgumentError naming a bad point.
   */
  logModelMetrics(runId: string, metrics: readonly ModelMetricInput[], call: CallContext): Promise<void>;
  /**
   * Checks points for `logModelMetrics` without writing anything, so that a caller writing them
   * beside another write (a run's batch) can refuse bad input before either.
   * @throws InvalidArgumentError naming a bad point; NotFoundError for an unknown model.
   */
  checkModelMetrics(metrics: readonly ModelMetricInput[], call: CallContext): Promise<void>;

  /** Records models a run produced (MLflow 3's `runs/outputs`); logging one again is no error. */
  logOutputs(runId: string, outputs: readonly ModelOutput[], call: CallContext): Promise<void>;
  /** Records logged models a run used (MLflow 3's `log-inputs` `models`); one logged again is no error. */
  logModelInputs(runId: string, modelIds: readonly string[], call: CallContext): Promise<void>;
  /** The logged models a run used and produced, each oldest first; none for an unknown run. */
  runModels(runId: string, call: CallContext): Promise<RunModels>;

  /** Streams `body` into the model's artifacts at `path` (relative, `/`-separated). */
  logModelArtifact(modelId: string, path: string, body: BlobBody, call: CallContext): Promise<ArtifactEntry>;
  /** Direct children of `path` (the root when absent). */
  listModelArtifacts(modelId: string, path: string | undefined, call: CallContext): Promise<ArtifactEntry[]>;
  openModelArtifact(
    modelId: string,
    path: string,
    call: CallContext,
    options?: GetOptions,
  ): Promise<Readable>;
}

/** Logged models (plugins/tracking). */
export const LoggedModels = createToken<LoggedModels>({
  id: 'tracking.loggedModels',
  description: "MLflow 3's logged models: artifacts, params and tags of models logged in experiments",
});
