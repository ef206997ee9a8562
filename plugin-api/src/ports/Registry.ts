import type { CallContext } from '../CallContext.js';
import type { ModelVersionRef } from '../hooks/modelHooks.js';
import type { ModelCard } from '../registry/ModelCard.js';
import type { DatasetRef, ModelLineage } from '../registry/ModelLineage.js';
import type {
  AliasOptions,
  ModelVersion,
  ModelVersionQuery,
  ModelVersionUpdate,
  NewModelVersion,
  StageTransitionOptions,
} from '../registry/ModelVersion.js';
import type { PurgeOptions, PurgeRecord, PurgeReport } from '../registry/PurgeReport.js';
import type {
  NewRegisteredModel,
  RegisteredModel,
  RegisteredModelQuery,
  RegisteredModelUpdate,
} from '../registry/RegisteredModel.js';
import type { HistoryQuery, TransitionRecord } from '../registry/TransitionRecord.js';
import { createToken } from '../Token.js';
import type { Page } from '../tracking/Page.js';

/**
 * The model registry, with MLflow's semantics: registered models, versions numbered 1, 2, 3... per
 * model (never reused), stages, aliases and tags; plus what MLflow lacks: a history of every stage
 * transition and alias move, soft deletion with restore then purge, optimistic concurrency through
 * each version's `revision`, lineage to datasets, and model cards.
 *
 * Errors, for every method: InvalidArgumentError naming the field (`details.field`) for bad
 * input; NotFoundError for an unknown model, version or alias (deleted ones count as unknown,
 * except to `restore*`); AlreadyExistsError for a taken name; FailedPreconditionError when the
 * state forbids the call (a vetoed promotion, a version not READY, a deleted model);
 * ConflictError when `expectedRevision` is stale.
 * @example
 * const registry = kernel.get(Registry);
 * const v = await registry.createVersion({ model: 'churn', source: `runs:/${runId}/model` }, call);
 * await registry.transitionStage(v.ref, 'Production', { archiveExistingVersions: true }, call);
 * await registry.setAlias(v.ref, 'champion', { reason: 'beats v2 on val_auc' }, call);
 * const serving = await registry.resolveModelUri('models:/churn@champion', call);
 */
export interface Registry {
  /** @throws AlreadyExistsError when the name is taken, also by a deleted model not yet purged. */
  createModel(input: NewRegisteredModel, call: CallContext): Promise<RegisteredModel>;
  getModel(name: string, call: CallContext): Promise<RegisteredModel>;
  searchModels(query: RegisteredModelQuery, call: CallContext): Promise<Page<RegisteredModel>>;
  /** Renames the model; its versions, aliases and history follow. */
  renameModel(name: string, newName: string, call: CallContext): Promise<RegisteredModel>;
  updateModel(name: string, update: RegisteredModelUpdate, call: CallContext): Promise<RegisteredModel>;
  /** Soft delete: the model and its versions are hidden until `restoreModel`, or purged after the retention. */
  deleteModel(name: string, call: CallContext): Promise<void>;
  restoreModel(name: string, call: CallContext): Promise<RegisteredModel>;
  setModelTag(name: string, key: string, value: string, call: CallContext): Promise<void>;
  /** Removes a tag; one that is not set is no error (as MLflow). */
  deleteModelTag(name: string, key: string, call: CallContext): Promise<void>;

  /** Registers the next version of `input.model` (creating the model if needed); emits `model.version.created`. */
  createVersion(input: NewModelVersion, call: CallContext): Promise<ModelVersion>;
  getVersion(ref: ModelVersionRef, call: CallContext): Promise<ModelVersion>;
  searchVersions(query: ModelVersionQuery, call: CallContext): Promise<Page<ModelVersion>>;
  /** The highest READY version in each of `stages` (all stages when absent) that has one. */
  getLatestVersions(
    model: string,
    stages: readonly string[] | undefined,
    call: CallContext,
  ): Promise<ModelVersion[]>;
  updateVersion(ref: ModelVersionRef, update: ModelVersionUpdate, call: CallContext): Promise<ModelVersion>;
  setVersionTag(ref: ModelVersionRef, key: string, value: string, call: CallContext): Promise<ModelVersion>;
  /** Removes a tag; one that is not set is no error (as MLflow). */
  deleteVersionTag(ref: ModelVersionRef, key: string, call: CallContext): Promise<ModelVersion>;
  /** Soft delete; the aliases pointing at it are removed (and recorded). */
  deleteVersion(
    ref: ModelVersionRef,
    call: CallContext,
    options?: { readonly expectedRevision?: number },
  ): Promise<void>;
  /** Brings a soft-deleted version back, in the stage it had; its removed aliases stay removed. */
  restoreVersion(ref: ModelVersionRef, call: CallContext): Promise<ModelVersion>;

  /**
   * Moves a READY version to `to` (None, Staging, Production, Archived; any case). Runs the
   * `model.version.beforeTransition` interceptors first, outside any transaction; then, in one
   * transaction, archives the other versions in `to` when asked, moves the version and records the
   * history; then emits `model.version.transitioned`. Concurrent transitions of one model are
   * serialised.
   * @throws FailedPreconditionError `promotion of <model>/<version> to <stage> refused by <plugin>: <reason>`
   * when an interceptor vetoes (nothing changes); ConflictError when `expectedRevision` is stale.
   */
  transitionStage(
    ref: ModelVersionRef,
    to: string,
    options: StageTransitionOptions,
    call: CallContext,
  ): Promise<ModelVersion>;
  /**
   * Points `alias` at a READY version, moving it from another version if needed. Intercepted like
   * a transition, with `to: '@<alias>'` and `from: 'v<N>'` (the version it pointed to) or `'None'`.
   * @throws InvalidArgumentError for a bad alias name (`latest` and `v<digits>` are reserved).
   */
  setAlias(
    ref: ModelVersionRef,
    alias: string,
    options: AliasOptions,
    call: CallContext,
  ): Promise<ModelVersion>;
  /** Removes an alias (recorded in the history; not intercepted); one that is not set is no error (as MLflow). */
  deleteAlias(model: string, alias: string, options: AliasOptions, call: CallContext): Promise<void>;
  /**
   * The version a model URI names: `models:/<name>/<version>`, `models:/<name>@<alias>`,
   * `models:/<name>/<stage>` (the highest READY version in the stage) or `models:/<name>/latest`.
   */
  resolveModelUri(uri: string, call: CallContext): Promise<ModelVersion>;

  /** The model's history, oldest first, paged. */
  history(query: HistoryQuery, call: CallContext): Promise<Page<TransitionRecord>>;
  /**
   * Which version had `@alias` or a stage (`Production`) at `timestamp` (epoch ms), from the
   * history; null when none. For a stage, the highest version in it then, as MLflow's latest.
   */
  versionAt(
    model: string,
    aliasOrStage: string,
    timestamp: number,
    call: CallContext,
  ): Promise<number | null>;

  /** Dataset inputs -> run -> this version. */
  lineage(ref: ModelVersionRef, call: CallContext): Promise<ModelLineage>;
  /** The other way: active versions whose source run used the dataset, newest first. */
  versionsForDataset(dataset: DatasetRef, call: CallContext): Promise<ModelVersion[]>;
  /** The version's model card; also stored in the BlobStore when there is one. */
  modelCard(ref: ModelVersionRef, call: CallContext): Promise<ModelCard>;

  /**
   * Permanently removes models and versions soft-deleted before the retention window, with their
   * registry-owned artifacts; records each purge. A purged model's name may be reused.
   */
  purge(options: PurgeOptions, call: CallContext): Promise<PurgeReport>;
  /** The records of past purges, newest first, paged. */
  purgeRecords(
    query: { readonly maxResults?: number; readonly pageToken?: string },
    call: CallContext,
  ): Promise<Page<PurgeRecord>>;
}

/** The model registry (plugins/registry). */
export const Registry = createToken<Registry>({
  id: 'registry.registry',
  description: 'registered models, versions, stages, aliases, history and lineage',
});
