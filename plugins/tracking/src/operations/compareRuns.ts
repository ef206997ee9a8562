import { InvalidArgumentError, NotFoundError, type RunComparison } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { validateRunId } from '../findRun.js';
import { loadRuns } from '../loadRuns.js';
import { compareText, type RunRow } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';

/** The most runs one comparison takes. */
export const maxComparedRuns = 1000;

/**
 * The rows of the given runs, in the order given, active or deleted.
 * @throws InvalidArgumentError for a malformed id, a repeated one, or none/too many (naming
 * `field`); NotFoundError `Run with id=<id> not found`.
 */
export async function findRuns(db: Knex, runIds: readonly string[], field: string): Promise<RunRow[]> {
  if (!Array.isArray(runIds) || runIds.length === 0 || runIds.length > maxComparedRuns) {
    throw new InvalidArgumentError(`${field} must list 1 to ${maxComparedRuns} run ids`, {
      field,
      reason: 'count',
    });
  }
  const seen = new Set<string>();
  for (const id of runIds) {
    validateRunId(id);
    if (seen.has(id))
      throw new InvalidArgumentError(`${field} lists run ${id} twice`, { field, reason: 'duplicate' });
    seen.add(id);
  }
  const rows = (await db('tracking_runs').whereIn('run_id', [...runIds])) as RunRow[];
  const byId = new Map(rows.map((r) => [r.run_id, r]));
  return runIds.map((id) => {
    const row = byId.get(id);
    if (row === undefined) throw new NotFoundError(`Run with id=${id} not found`, { field });
    return row;
  });
}

/**
 * Runs side by side: one row per param key and per metric key (latest values) that any of them
 * has, one column per run in the order given, null where a run lacks the key.
 * @throws InvalidArgumentError for a bad, repeated or missing list of ids; NotFoundError.
 */
export async function compareRuns(ctx: TrackingContext, runIds: readonly string[]): Promise<RunComparison> {
  const rows = await findRuns(ctx.db, runIds, 'runIds');
  const runs = await loadRuns(ctx.db, rows, { metrics: true, params: true });
  const params = new Map<string, (string | null)[]>();
  const metrics = new Map<string, (number | null)[]>();
  runs.forEach((run, i) => {
    for (const p of run.data.params) column(params, p.key, runs.length)[i] = p.value;
    for (const m of run.data.metrics) column(metrics, m.key, runs.length)[i] = m.value;
  });
  const sorted = <T>(map: Map<string, T[]>) =>
    [...map].sort(([a], [b]) => compareText(a, b)).map(([key, values]) => ({ key, values }));
  return {
    runs: runs.map((r) => ({ runId: r.info.runId, runName: r.info.runName })),
    params: sorted(params),
    metrics: sorted(metrics),
  };
}

function column<T>(map: Map<string, (T | null)[]>, key: string, width: number): (T | null)[] {
  let values = map.get(key);
  if (values === undefined) {
    values = Array<T | null>(width).fill(null);
    map.set(key, values);
  }
  return values;
}
