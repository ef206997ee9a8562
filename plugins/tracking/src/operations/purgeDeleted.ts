import {
  type CallContext,
  ExperimentPurged,
  InvalidArgumentError,
  type PurgedPayload,
  RunPurged,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { runArtifactRoot } from '../artifactKeys.js';
import { type LoggedModelRow, modelArtifactRoot } from '../loggedModels/loggedModelRows.js';
import { type ExperimentRow, type RunRow, toInt } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';
import { defaultExperimentId } from './deleteExperiment.js';

/** Options of {@link purgeDeleted}. */
export interface PurgeOptions {
  /** Purge what was soft-deleted at least this many milliseconds ago; default: `retentionDays`. */
  readonly olderThanMs?: number;
  /** Report what would be purged, and change nothing. */
  readonly dryRun?: boolean;
}

/** One purged (or, in a dry run, purgeable) run, experiment or logged model. */
export interface PurgedEntity {
  readonly kind: 'run' | 'experiment' | 'loggedModel';
  readonly id: string;
  readonly name: string;
  readonly deletedTime: number;
}

/** What a purge did, or would do. */
export interface PurgeReport {
  readonly dryRun: boolean;
  /** Entities deleted at or before this time (epoch milliseconds) were purged. */
  readonly cutoff: number;
  readonly experiments: readonly PurgedEntity[];
  readonly runs: readonly PurgedEntity[];
  /** MLflow 3 logged models: those deleted before the cutoff, and those of purged experiments. */
  readonly loggedModels: readonly PurgedEntity[];
  /** Artifact objects removed from the BlobStore (in a dry run: found). */
  readonly artifacts: number;
}

const runsPerTransaction = 100;
const loggedModelTables = [
  'tracking_logged_model_tags',
  'tracking_logged_model_params',
  'tracking_run_outputs',
];
const runTables = [
  'tracking_metrics',
  'tracking_latest_metrics',
  'tracking_metric_tiles',
  'tracking_params',
  'tracking_tags',
  'tracking_input_tags',
  'tracking_inputs',
];

/**
 * Permanently deletes runs, logged models and experiments soft-deleted longer ago than the
 * retention window: first each run's or model's artifacts from the BlobStore, then its rows, then
 * the experiments with their remaining runs, logged models, tags and datasets, freeing their names. Each purge is recorded in
 * `tracking_purges` (what, when, by whom) in the same transaction as the deletion, and emits
 * `run.purged` / `experiment.purged`. Safe to run again after a crash: what is left is purged then.
 * @throws InvalidArgumentError for a negative or non-numeric `olderThanMs`.
 */
export async function purgeDeleted(
  ctx: TrackingContext,
  options: PurgeOptions,
  call: CallContext,
): Promise<PurgeReport> {
  const olderThanMs = options.olderThanMs ?? ctx.options.retentionDays * 86_400_000;
  if (typeof olderThanMs !== 'number' || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new InvalidArgumentError(
      `olderThanMs must be a non-negative number of milliseconds, got ${String(olderThanMs)}`,
      {
        field: 'olderThanMs',
      },
    );
  }
  const cutoff = Date.now() - olderThanMs;
  const experiments = (await ctx
    .db('tracking_experiments')
    .where({ lifecycle_stage: 'deleted' })
    .andWhere('deleted_time', '<=', cutoff)
    .andWhereNot('experiment_id', Number(defaultExperimentId))
    .orderBy('experiment_id')) as ExperimentRow[];
  const experimentIds = experiments.map((e) => e.experiment_id);
  const runs = (await ctx
    .db('tracking_runs')
    .where({ lifecycle_stage: 'deleted' })
    .andWhere((q) => q.where('deleted_time', '<=', cutoff).orWhereIn('experiment_id', experimentIds))
    .orderBy('run_int')) as RunRow[];
  const models = (await ctx
    .db('tracking_logged_models')
    .where((q) =>
      q
        .where((d) => d.where({ lifecycle_stage: 'deleted' }).andWhere('last_updated_time', '<=', cutoff))
        .orWhereIn('experiment_id', experimentIds),
    )
    .orderBy('model_id')) as LoggedModelRow[];
  const dryRun = options.dryRun === true;
  let artifacts = 0;
  for (const run of runs) artifacts += await removeArtifacts(ctx, runArtifactRoot(run), dryRun);
  for (const model of models) artifacts += await removeArtifacts(ctx, modelArtifactRoot(model), dryRun);
  const report: PurgeReport = {
    dryRun,
    cutoff,
    experiments: experiments.map((e) => ({
      kind: 'experiment',
      id: String(e.experiment_id),
      name: e.name,
      deletedTime: toInt(e.deleted_time ?? 0),
    })),
    runs: runs.map((r) => ({
      kind: 'run',
      id: r.run_id,
      name: r.name,
      deletedTime: toInt(r.deleted_time ?? 0),
    })),
    loggedModels: models.map((m) => ({
      kind: 'loggedModel',
      id: m.model_id,
      name: m.name,
      deletedTime: m.lifecycle_stage === 'deleted' ? toInt(m.last_updated_time) : 0,
    })),
    artifacts,
  };
  if (dryRun) return report;
  const record = (trx: Knex.Transaction, entity: PurgedEntity) =>
    trx('tracking_purges').insert({
      kind: entity.kind,
      entity_id: entity.id,
      name: entity.name,
      deleted_time: entity.deletedTime,
      purged_at: Date.now(),
      purged_by: call.principal.id,
      request_id: call.requestId,
    });
  const purged: PurgedEntity[] = [];
  for (let i = 0; i < runs.length; i += runsPerTransaction) {
    const chunk = report.runs.slice(i, i + runsPerTransaction);
    await ctx.db.transaction(async (trx) => {
      // A run restored since the listing keeps its rows.
      const still = (await trx('tracking_runs')
        .whereIn(
          'run_id',
          chunk.map((r) => r.id),
        )
        .andWhere({ lifecycle_stage: 'deleted' })
        .select('run_int', 'run_id')) as { run_int: number; run_id: string }[];
      const ints = still.map((r) => r.run_int);
      for (const table of runTables) await trx(table).whereIn('run_int', ints).delete();
      for (const table of ['tracking_run_outputs', 'tracking_run_model_inputs']) {
        await trx(table)
          .whereIn(
            'run_id',
            still.map((r) => r.run_id),
          )
          .delete();
      }
      await trx('tracking_runs').whereIn('run_int', ints).delete();
      const ids = new Set(still.map((r) => r.run_id));
      for (const entity of chunk.filter((r) => ids.has(r.id))) {
        await record(trx, entity);
        purged.push(entity);
      }
    });
  }
  for (const entity of report.loggedModels) {
    await ctx.db.transaction(async (trx) => {
      for (const table of loggedModelTables) await trx(table).where({ model_id: entity.id }).delete();
      await trx('tracking_logged_models').where({ model_id: entity.id }).delete();
      await record(trx, entity);
      purged.push(entity);
    });
  }
  for (const entity of report.experiments) {
    await ctx.db.transaction(async (trx) => {
      const id = Number(entity.id);
      const left =
        ((await trx('tracking_runs').where({ experiment_id: id }).first('run_id')) as unknown) ??
        ((await trx('tracking_logged_models').where({ experiment_id: id }).first('model_id')) as unknown);
      const row = (await trx('tracking_experiments')
        .where({ experiment_id: id, lifecycle_stage: 'deleted' })
        .first()) as unknown;
      if (left !== undefined || row === undefined) return;
      await trx('tracking_datasets').where({ experiment_id: id }).delete();
      await trx('tracking_experiment_tags').where({ experiment_id: id }).delete();
      await trx('tracking_experiments').where({ experiment_id: id }).delete();
      await record(trx, entity);
      purged.push(entity);
    });
  }
  for (const entity of purged) {
    if (entity.kind === 'loggedModel') continue;
    const payload: PurgedPayload = { ...entity, kind: entity.kind, call };
    ctx.hooks.emit(entity.kind === 'run' ? RunPurged : ExperimentPurged, payload);
  }
  return {
    ...report,
    runs: purged.filter((p) => p.kind === 'run'),
    loggedModels: purged.filter((p) => p.kind === 'loggedModel'),
    experiments: purged.filter((p) => p.kind === 'experiment'),
  };
}

/** Deletes (or, in a dry run, counts) every object under an artifact root. */
async function removeArtifacts(ctx: TrackingContext, prefix: string, dryRun: boolean): Promise<number> {
  if (ctx.blobs === undefined) return 0;
  let count = 0;
  let pageToken: string | undefined;
  do {
    // After deletions, listing again from the start is exact: removed keys are gone.
    const page = await ctx.blobs.list({
      prefix,
      ...(dryRun && pageToken !== undefined ? { pageToken } : {}),
    });
    count += page.items.length;
    if (!dryRun) for (const item of page.items) await ctx.blobs.delete(item.key);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return count;
}
