import {
  type CallContext,
  type DatasetInput,
  isMlopsError,
  type ModelLineage,
  type ModelVersionRef,
  type Run,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { tables } from '../tables.js';
import { validateRef } from '../validation/validateRef.js';

/** A `registry_version_datasets` row. */
interface DatasetRow {
  readonly name: string;
  readonly digest: string;
  readonly source_type: string;
  readonly source: string;
  readonly schema: string | null;
  readonly profile: string | null;
  readonly tags: string;
}

/**
 * The source run of a version as Tracking knows it now; undefined without Tracking, without a
 * run id, or when the run is gone (lineage must still answer then).
 */
export async function readRun(
  ctx: RegistryContext,
  runId: string | undefined,
  call: CallContext,
): Promise<Run | undefined> {
  if (ctx.tracking === undefined || runId === undefined) return undefined;
  try {
    return await ctx.tracking.getRun(runId, call);
  } catch (err) {
    if (isMlopsError(err, 'NotFound')) return undefined;
    throw err;
  }
}

/**
 * Dataset inputs → run → version: the datasets recorded when the version was created, and the run
 * as Tracking knows it now.
 * @throws InvalidArgumentError for a bad ref; NotFoundError for an unknown or deleted version.
 */
export async function readModelLineage(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  call: CallContext,
): Promise<ModelLineage> {
  const { model, version } = validateRef(ref);
  const row = await findVersionRow(ctx.db, await findModelRow(ctx.db, model, { field: 'model' }), version);
  const datasetRows = (await ctx
    .db(tables.versionDatasets)
    .where({ model_id: row.model_id, version })
    .orderBy('id', 'asc')) as DatasetRow[];
  const datasets: DatasetInput[] = datasetRows.map((d) => ({
    dataset: {
      name: d.name,
      digest: d.digest,
      sourceType: d.source_type,
      source: d.source,
      ...(d.schema === null ? {} : { schema: d.schema }),
      ...(d.profile === null ? {} : { profile: d.profile }),
    },
    tags: JSON.parse(d.tags) as DatasetInput['tags'],
  }));
  const runId = row.run_id ?? undefined;
  const run = await readRun(ctx, runId, call);
  return {
    ref: { model: row.model_name, version },
    source: row.source,
    ...(runId === undefined ? {} : { runId }),
    ...(run === undefined
      ? {}
      : {
          run: {
            runName: run.info.runName,
            experimentId: run.info.experimentId,
            status: run.info.status,
            startTime: run.info.startTime,
            ...(run.info.endTime === undefined ? {} : { endTime: run.info.endTime }),
          },
        }),
    datasets,
  };
}
