import type {
  AliasOptions,
  CallContext,
  CollectGarbageOptions,
  DatasetRef,
  GarbageReport,
  HistoryQuery,
  ModelCard,
  ModelLineage,
  ModelVersion,
  ModelVersionQuery,
  ModelVersionRef,
  ModelVersionUpdate,
  NewModelVersion,
  NewRegisteredModel,
  Page,
  PurgeOptions,
  PurgeRecord,
  PurgeReport,
  RegisteredModel,
  RegisteredModelQuery,
  RegisteredModelUpdate,
  Registry,
  StageTransitionOptions,
  TransitionRecord,
} from '@mlops/plugin-api';
import { collectGarbage } from './operations/collectGarbage.js';
import { createModelVersion } from './operations/createModelVersion.js';
import { createRegisteredModel } from './operations/createRegisteredModel.js';
import { deleteModelAlias } from './operations/deleteModelAlias.js';
import { deleteModelVersion, restoreModelVersion } from './operations/deleteModelVersion.js';
import { deleteRegisteredModel, restoreRegisteredModel } from './operations/deleteRegisteredModel.js';
import { findVersionAt } from './operations/findVersionAt.js';
import { findVersionsByDataset } from './operations/findVersionsByDataset.js';
import { getLatestVersions } from './operations/getLatestVersions.js';
import { getModelVersion } from './operations/getModelVersion.js';
import { getRegisteredModel } from './operations/getRegisteredModel.js';
import { purgeDeleted } from './operations/purgeDeleted.js';
import { readHistory } from './operations/readHistory.js';
import { readModelLineage } from './operations/readModelLineage.js';
import { readPurgeRecords } from './operations/readPurgeRecords.js';
import { renameRegisteredModel } from './operations/renameRegisteredModel.js';
import { resolveModelUri } from './operations/resolveModelUri.js';
import { searchModelVersions } from './operations/searchModelVersions.js';
import { searchRegisteredModels } from './operations/searchRegisteredModels.js';
import { setModelAlias } from './operations/setModelAlias.js';
import { deleteModelVersionTag, setModelVersionTag } from './operations/setModelVersionTag.js';
import { deleteRegisteredModelTag, setRegisteredModelTag } from './operations/setRegisteredModelTag.js';
import { transitionModelVersionStage } from './operations/transitionModelVersionStage.js';
import { updateModelVersion } from './operations/updateModelVersion.js';
import { updateRegisteredModel } from './operations/updateRegisteredModel.js';
import { writeModelCard } from './operations/writeModelCard.js';
import type { RegistryContext } from './RegistryContext.js';

/** The Registry port on SQL (SQLite or PostgreSQL through knex); each method is one operation in `operations/`. */
export class SqlRegistry implements Registry {
  constructor(private readonly ctx: RegistryContext) {}

  createModel(input: NewRegisteredModel, call: CallContext): Promise<RegisteredModel> {
    return createRegisteredModel(this.ctx, input, call);
  }
  getModel(name: string, _call: CallContext): Promise<RegisteredModel> {
    return getRegisteredModel(this.ctx, name);
  }
  searchModels(query: RegisteredModelQuery, call: CallContext): Promise<Page<RegisteredModel>> {
    return searchRegisteredModels(this.ctx, query, call);
  }
  renameModel(name: string, newName: string, call: CallContext): Promise<RegisteredModel> {
    return renameRegisteredModel(this.ctx, name, newName, call);
  }
  updateModel(name: string, update: RegisteredModelUpdate, call: CallContext): Promise<RegisteredModel> {
    return updateRegisteredModel(this.ctx, name, update, call);
  }
  deleteModel(name: string, call: CallContext): Promise<void> {
    return deleteRegisteredModel(this.ctx, name, call);
  }
  restoreModel(name: string, call: CallContext): Promise<RegisteredModel> {
    return restoreRegisteredModel(this.ctx, name, call);
  }
  setModelTag(name: string, key: string, value: string, call: CallContext): Promise<void> {
    return setRegisteredModelTag(this.ctx, name, key, value, call);
  }
  deleteModelTag(name: string, key: string, call: CallContext): Promise<void> {
    return deleteRegisteredModelTag(this.ctx, name, key, call);
  }

  createVersion(input: NewModelVersion, call: CallContext): Promise<ModelVersion> {
    return createModelVersion(this.ctx, input, call);
  }
  getVersion(ref: ModelVersionRef, _call: CallContext): Promise<ModelVersion> {
    return getModelVersion(this.ctx, ref);
  }
  searchVersions(query: ModelVersionQuery, call: CallContext): Promise<Page<ModelVersion>> {
    return searchModelVersions(this.ctx, query, call);
  }
  getLatestVersions(
    model: string,
    stages: readonly string[] | undefined,
    _call: CallContext,
  ): Promise<ModelVersion[]> {
    return getLatestVersions(this.ctx, model, stages);
  }
  updateVersion(ref: ModelVersionRef, update: ModelVersionUpdate, call: CallContext): Promise<ModelVersion> {
    return updateModelVersion(this.ctx, ref, update, call);
  }
  setVersionTag(ref: ModelVersionRef, key: string, value: string, call: CallContext): Promise<ModelVersion> {
    return setModelVersionTag(this.ctx, ref, key, value, call);
  }
  deleteVersionTag(ref: ModelVersionRef, key: string, call: CallContext): Promise<ModelVersion> {
    return deleteModelVersionTag(this.ctx, ref, key, call);
  }
  deleteVersion(
    ref: ModelVersionRef,
    call: CallContext,
    options?: { readonly expectedRevision?: number },
  ): Promise<void> {
    return deleteModelVersion(this.ctx, ref, call, options);
  }
  restoreVersion(ref: ModelVersionRef, call: CallContext): Promise<ModelVersion> {
    return restoreModelVersion(this.ctx, ref, call);
  }

  transitionStage(
    ref: ModelVersionRef,
    to: string,
    options: StageTransitionOptions,
    call: CallContext,
  ): Promise<ModelVersion> {
    return transitionModelVersionStage(this.ctx, ref, to, options, call);
  }
  setAlias(
    ref: ModelVersionRef,
    alias: string,
    options: AliasOptions,
    call: CallContext,
  ): Promise<ModelVersion> {
    return setModelAlias(this.ctx, ref, alias, options, call);
  }
  deleteAlias(model: string, alias: string, options: AliasOptions, call: CallContext): Promise<void> {
    return deleteModelAlias(this.ctx, model, alias, options, call);
  }
  resolveModelUri(uri: string, _call: CallContext): Promise<ModelVersion> {
    return resolveModelUri(this.ctx, uri);
  }

  history(query: HistoryQuery, _call: CallContext): Promise<Page<TransitionRecord>> {
    return readHistory(this.ctx, query);
  }
  versionAt(
    model: string,
    aliasOrStage: string,
    timestamp: number,
    _call: CallContext,
  ): Promise<number | null> {
    return findVersionAt(this.ctx, model, aliasOrStage, timestamp);
  }
  lineage(ref: ModelVersionRef, call: CallContext): Promise<ModelLineage> {
    return readModelLineage(this.ctx, ref, call);
  }
  versionsForDataset(dataset: DatasetRef, _call: CallContext): Promise<ModelVersion[]> {
    return findVersionsByDataset(this.ctx, dataset);
  }
  modelCard(ref: ModelVersionRef, call: CallContext): Promise<ModelCard> {
    return writeModelCard(this.ctx, ref, call);
  }

  /** Deletes registry objects whose version no longer exists; see {@link collectGarbage}. */
  collectGarbage(options: CollectGarbageOptions, call: CallContext): Promise<GarbageReport> {
    return collectGarbage(this.ctx, options, call);
  }
  purge(options: PurgeOptions, call: CallContext): Promise<PurgeReport> {
    return purgeDeleted(this.ctx, options, call);
  }
  purgeRecords(
    query: { readonly maxResults?: number; readonly pageToken?: string },
    _call: CallContext,
  ): Promise<Page<PurgeRecord>> {
    return readPurgeRecords(this.ctx, query);
  }
}
