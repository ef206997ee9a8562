import type { DatasetInput, Metric, Param, Run, RunProjection, Tag } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import {
  compareText,
  type DatasetRow,
  type PointRow,
  type RunRow,
  toDataset,
  toInt,
  toMetric,
  toRunInfo,
} from './rows.js';

/** Every part, as `getRun` and a search without `include` return. */
export const wholeRun: Required<RunProjection> = { metrics: true, params: true, tags: true, inputs: true };

const chunkSize = 500;

/**
 * The runs of `rows`, in that order, with the parts `include` asks for: one query per part and
 * per 500 runs, never a join of parts with each other.
 */
export async function loadRuns(db: Knex, rows: readonly RunRow[], include: RunProjection): Promise<Run[]> {
  const ids = rows.map((r) => toInt(r.run_int));
  const [metrics, params, tags, inputs] = await Promise.all([
    include.metrics ? loadMetrics(db, ids) : undefined,
    include.params ? loadKeyValues(db, 'tracking_params', ids) : undefined,
    include.tags ? loadKeyValues(db, 'tracking_tags', ids) : undefined,
    include.inputs ? loadInputs(db, ids) : undefined,
  ]);
  return rows.map((row, i) => {
    const id = ids[i]!;
    return {
      info: toRunInfo(row),
      data: {
        metrics: metrics?.get(id) ?? [],
        params: params?.get(id) ?? [],
        tags: tags?.get(id) ?? [],
      },
      inputs: { datasetInputs: inputs?.get(id) ?? [] },
    };
  });
}

async function loadInChunks<T>(
  ids: readonly number[],
  load: (chunk: number[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) out.push(...(await load(ids.slice(i, i + chunkSize))));
  return out;
}

function group<R extends { run_int: number | string }, T>(
  rows: readonly R[],
  map: (row: R) => T,
): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const id = toInt(row.run_int);
    const list = out.get(id);
    if (list === undefined) out.set(id, [map(row)]);
    else list.push(map(row));
  }
  return out;
}

async function loadMetrics(db: Knex, ids: readonly number[]): Promise<Map<number, Metric[]>> {
  const rows = await loadInChunks(
    ids,
    (chunk) =>
      db('tracking_latest_metrics as lm')
        .join('tracking_metric_keys as k', 'k.key_id', 'lm.key_id')
        .whereIn('lm.run_int', chunk)
        .orderBy('k.key')
        .select('lm.run_int', 'k.key', 'lm.step', 'lm.ts', 'lm.value', 'lm.is_nan') as Promise<
        (PointRow & { run_int: number; key: string })[]
      >,
  );
  return group(rows, (row) => toMetric(row.key, row));
}

async function loadKeyValues(
  db: Knex,
  table: string,
  ids: readonly number[],
): Promise<Map<number, (Param | Tag)[]>> {
  const rows = await loadInChunks(
    ids,
    (chunk) =>
      db(table).whereIn('run_int', chunk).orderBy('key').select('run_int', 'key', 'value') as Promise<
        { run_int: number; key: string; value: string }[]
      >,
  );
  rows.sort((a, b) => compareText(a.key, b.key));
  return group(rows, (row) => ({ key: row.key, value: row.value }));
}

async function loadInputs(db: Knex, ids: readonly number[]): Promise<Map<number, DatasetInput[]>> {
  const datasets = await loadInChunks(
    ids,
    (chunk) =>
      db('tracking_inputs as i')
        .join('tracking_datasets as d', 'd.dataset_int', 'i.dataset_int')
        .whereIn('i.run_int', chunk)
        .orderBy(['d.name', 'd.digest'])
        .select('i.run_int', 'd.*') as Promise<(DatasetRow & { run_int: number })[]>,
  );
  const tagRows = await loadInChunks(
    ids,
    (chunk) =>
      db('tracking_input_tags')
        .whereIn('run_int', chunk)
        .orderBy('key')
        .select('run_int', 'dataset_int', 'key', 'value') as Promise<
        { run_int: number; dataset_int: number; key: string; value: string }[]
      >,
  );
  const tags = new Map<string, Tag[]>();
  for (const t of tagRows) {
    const id = `${toInt(t.run_int)}:${toInt(t.dataset_int)}`;
    tags.set(id, [...(tags.get(id) ?? []), { key: t.key, value: t.value }]);
  }
  return group(datasets, (row) => ({
    dataset: toDataset(row),
    tags: tags.get(`${toInt(row.run_int)}:${toInt(row.dataset_int)}`) ?? [],
  }));
}
