import type { Readable } from 'node:stream';
import type {
  ArtifactEntry,
  BlobBody,
  CallContext,
  GetOptions,
  LoggedModel,
  LoggedModelQuery,
  LoggedModelStatus,
  LoggedModels,
  ModelMetricInput,
  ModelOutput,
  NewLoggedModel,
  Page,
  Param,
  RunModels,
  Tag,
} from '@mlops/plugin-api';
import type { TrackingContext } from '../TrackingContext.js';
import { createLoggedModel } from './createLoggedModel.js';
import { deleteLoggedModel } from './deleteLoggedModel.js';
import { finalizeLoggedModel } from './finalizeLoggedModel.js';
import { listModelArtifacts, logModelArtifact, openModelArtifact } from './loggedModelArtifacts.js';
import { findLoggedModel, toLoggedModels } from './loggedModelRows.js';
import { deleteLoggedModelTag, setLoggedModelTags } from './loggedModelTags.js';
import { logLoggedModelParams } from './logLoggedModelParams.js';
import { checkModelMetrics, logModelMetrics } from './logModelMetrics.js';
import { logModelInputs, logOutputs, runModels } from './runModels.js';
import { searchLoggedModels } from './searchLoggedModels.js';

/** The LoggedModels port on the tracking plugin's tables; each method is one file of this folder. */
export class SqlLoggedModels implements LoggedModels {
  constructor(private readonly ctx: TrackingContext) {}

  createLoggedModel(input: NewLoggedModel, call: CallContext): Promise<LoggedModel> {
    return createLoggedModel(this.ctx, input, call);
  }
  async getLoggedModel(modelId: string, _call: CallContext): Promise<LoggedModel> {
    const [model] = await toLoggedModels(this.ctx.db, [await findLoggedModel(this.ctx.db, modelId)]);
    return model!;
  }
  finalizeLoggedModel(
    modelId: string,
    status: Exclude<LoggedModelStatus, 'PENDING'>,
    _call: CallContext,
  ): Promise<LoggedModel> {
    return finalizeLoggedModel(this.ctx, modelId, status);
  }
  deleteLoggedModel(modelId: string, _call: CallContext): Promise<void> {
    return deleteLoggedModel(this.ctx, modelId);
  }
  searchLoggedModels(query: LoggedModelQuery, call: CallContext): Promise<Page<LoggedModel>> {
    return searchLoggedModels(this.ctx, query, call);
  }
  setLoggedModelTags(modelId: string, tags: readonly Tag[], _call: CallContext): Promise<void> {
    return setLoggedModelTags(this.ctx, modelId, tags);
  }
  deleteLoggedModelTag(modelId: string, key: string, _call: CallContext): Promise<void> {
    return deleteLoggedModelTag(this.ctx, modelId, key);
  }
  logLoggedModelParams(modelId: string, params: readonly Param[], _call: CallContext): Promise<void> {
    return logLoggedModelParams(this.ctx, modelId, params);
  }
  checkModelMetrics(metrics: readonly ModelMetricInput[], _call: CallContext): Promise<void> {
    return checkModelMetrics(this.ctx, metrics);
  }
  logModelMetrics(runId: string, metrics: readonly ModelMetricInput[], _call: CallContext): Promise<void> {
    return logModelMetrics(this.ctx, runId, metrics);
  }
  logOutputs(runId: string, outputs: readonly ModelOutput[], _call: CallContext): Promise<void> {
    return logOutputs(this.ctx, runId, outputs);
  }
  logModelInputs(runId: string, modelIds: readonly string[], _call: CallContext): Promise<void> {
    return logModelInputs(this.ctx, runId, modelIds);
  }
  runModels(runId: string, _call: CallContext): Promise<RunModels> {
    return runModels(this.ctx, runId);
  }
  logModelArtifact(
    modelId: string,
    path: string,
    body: BlobBody,
    _call: CallContext,
  ): Promise<ArtifactEntry> {
    return logModelArtifact(this.ctx, modelId, path, body);
  }
  listModelArtifacts(
    modelId: string,
    path: string | undefined,
    _call: CallContext,
  ): Promise<ArtifactEntry[]> {
    return listModelArtifacts(this.ctx, modelId, path);
  }
  openModelArtifact(
    modelId: string,
    path: string,
    _call: CallContext,
    options?: GetOptions,
  ): Promise<Readable> {
    return openModelArtifact(this.ctx, modelId, path, options);
  }
}
