import type { Readable } from 'node:stream';
import type {
  ArtifactEntry,
  BlobBody,
  CallContext,
  CollectGarbageOptions,
  DatasetInput,
  Experiment,
  ExperimentQuery,
  GarbageReport,
  GetOptions,
  GroupComparison,
  MetricHistory,
  MetricHistoryQuery,
  NewExperiment,
  NewRun,
  Page,
  Run,
  RunBatch,
  RunComparison,
  RunInfo,
  RunPage,
  RunQuery,
  RunUpdate,
  Tracking,
} from '@mlops/plugin-api';
import { collectGarbage } from './operations/collectGarbage.js';
import { compareRunGroups, type GroupQuery } from './operations/compareRunGroups.js';
import { compareRuns } from './operations/compareRuns.js';
import { createExperiment } from './operations/createExperiment.js';
import { createRun } from './operations/createRun.js';
import { deleteExperiment } from './operations/deleteExperiment.js';
import { deleteRun, restoreRun } from './operations/deleteRun.js';
import { deleteTag } from './operations/deleteTag.js';
import { getExperiment, getExperimentByName } from './operations/getExperiment.js';
import { getMetricHistory } from './operations/getMetricHistory.js';
import { getRun } from './operations/getRun.js';
import { listArtifacts } from './operations/listArtifacts.js';
import { logArtifact } from './operations/logArtifact.js';
import { logBatch } from './operations/logBatch.js';
import { logInputs } from './operations/logInputs.js';
import { openArtifact } from './operations/openArtifact.js';
import { type PurgeOptions, type PurgeReport, purgeDeleted } from './operations/purgeDeleted.js';
import { renameExperiment } from './operations/renameExperiment.js';
import { restoreExperiment } from './operations/restoreExperiment.js';
import { searchExperiments } from './operations/searchExperiments.js';
import { searchRuns } from './operations/searchRuns.js';
import { deleteExperimentTag, setExperimentTag } from './operations/setExperimentTag.js';
import { updateRun } from './operations/updateRun.js';
import type { TrackingContext } from './TrackingContext.js';

/**
 * The Tracking port on the Database port (SQLite or PostgreSQL through knex) and, for artifacts,
 * the BlobStore port. Each method is one operation in `operations/`.
 */
export class SqlTracking implements Tracking {
  constructor(private readonly ctx: TrackingContext) {}

  createExperiment(input: NewExperiment, call: CallContext): Promise<Experiment> {
    return createExperiment(this.ctx, input, call);
  }
  getExperiment(experimentId: string, _call: CallContext): Promise<Experiment> {
    return getExperiment(this.ctx, experimentId);
  }
  getExperimentByName(name: string, _call: CallContext): Promise<Experiment> {
    return getExperimentByName(this.ctx, name);
  }
  searchExperiments(query: ExperimentQuery, call: CallContext): Promise<Page<Experiment>> {
    return searchExperiments(this.ctx, query, call);
  }
  renameExperiment(experimentId: string, name: string, call: CallContext): Promise<Experiment> {
    return renameExperiment(this.ctx, experimentId, name, call);
  }
  deleteExperiment(experimentId: string, call: CallContext): Promise<void> {
    return deleteExperiment(this.ctx, experimentId, call);
  }
  restoreExperiment(experimentId: string, call: CallContext): Promise<void> {
    return restoreExperiment(this.ctx, experimentId, call);
  }
  setExperimentTag(experimentId: string, key: string, value: string, call: CallContext): Promise<void> {
    return setExperimentTag(this.ctx, experimentId, key, value, call);
  }
  deleteExperimentTag(experimentId: string, key: string, call: CallContext): Promise<void> {
    return deleteExperimentTag(this.ctx, experimentId, key, call);
  }
  createRun(input: NewRun, call: CallContext): Promise<Run> {
    return createRun(this.ctx, input, call);
  }
  getRun(runId: string, _call: CallContext): Promise<Run> {
    return getRun(this.ctx, runId);
  }
  updateRun(runId: string, update: RunUpdate, call: CallContext): Promise<RunInfo> {
    return updateRun(this.ctx, runId, update, call);
  }
  deleteRun(runId: string, call: CallContext): Promise<void> {
    return deleteRun(this.ctx, runId, call);
  }
  restoreRun(runId: string, call: CallContext): Promise<void> {
    return restoreRun(this.ctx, runId, call);
  }
  logBatch(runId: string, batch: RunBatch, call: CallContext): Promise<void> {
    return logBatch(this.ctx, runId, batch, call);
  }
  deleteTag(runId: string, key: string, call: CallContext): Promise<void> {
    return deleteTag(this.ctx, runId, key, call);
  }
  logInputs(runId: string, inputs: readonly DatasetInput[], call: CallContext): Promise<void> {
    return logInputs(this.ctx, runId, inputs, call);
  }
  searchRuns(query: RunQuery, call: CallContext): Promise<RunPage> {
    return searchRuns(this.ctx, query, call);
  }
  getMetricHistory(query: MetricHistoryQuery, _call: CallContext): Promise<MetricHistory> {
    return getMetricHistory(this.ctx, query);
  }
  compareRuns(runIds: readonly string[], _call: CallContext): Promise<RunComparison> {
    return compareRuns(this.ctx, runIds);
  }
  compareRunGroups(query: GroupQuery, _call: CallContext): Promise<GroupComparison> {
    return compareRunGroups(this.ctx, query);
  }
  logArtifact(runId: string, path: string, body: BlobBody, call: CallContext): Promise<ArtifactEntry> {
    return logArtifact(this.ctx, runId, path, body, call);
  }
  listArtifacts(runId: string, path: string | undefined, _call: CallContext): Promise<ArtifactEntry[]> {
    return listArtifacts(this.ctx, runId, path);
  }
  openArtifact(runId: string, path: string, _call: CallContext, options?: GetOptions): Promise<Readable> {
    return openArtifact(this.ctx, runId, path, options);
  }
  /** Permanently deletes what was soft-deleted before the retention window; see {@link purgeDeleted}. */
  purge(options: PurgeOptions, call: CallContext): Promise<PurgeReport> {
    return purgeDeleted(this.ctx, options, call);
  }
  /** Deletes artifacts whose run no longer exists; see {@link collectGarbage}. */
  collectGarbage(options: CollectGarbageOptions, call: CallContext): Promise<GarbageReport> {
    return collectGarbage(this.ctx, options, call);
  }
}
