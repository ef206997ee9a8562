import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  type ViewType,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { ExperimentRow } from './rows.js';

/** MLflow's experiment id rule (`_EXPERIMENT_ID_REGEX`). */
const experimentIdPattern = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,63}$/u;

/**
 * The numeric id of an experiment id string; undefined for a well-formed id this store cannot
 * hold (not decimal, or past 32 bits), which therefore names no experiment.
 * @throws InvalidArgumentError `Invalid experiment ID: '<id>'`, field `field`.
 */
export function parseExperimentId(experimentId: unknown, field = 'experimentId'): number | undefined {
  if (typeof experimentId !== 'string' || !experimentIdPattern.test(experimentId)) {
    throw new InvalidArgumentError(`Invalid experiment ID: '${String(experimentId)}'`, {
      field,
      reason: 'bad_id',
    });
  }
  if (!/^\d{1,10}$/.test(experimentId)) return undefined;
  const id = Number(experimentId);
  return id <= 2_147_483_647 ? id : undefined;
}

/**
 * The experiment's row if its lifecycle stage is in `view`.
 * @throws InvalidArgumentError for a malformed id; NotFoundError `No Experiment with id=<id> exists`.
 */
export async function findExperiment(
  db: Knex,
  experimentId: string,
  view: ViewType = 'ALL',
): Promise<ExperimentRow> {
  const id = parseExperimentId(experimentId);
  const query = db('tracking_experiments').where({ experiment_id: id ?? -1 });
  if (view !== 'ALL') query.andWhere({ lifecycle_stage: view === 'ACTIVE_ONLY' ? 'active' : 'deleted' });
  const row = (await query.first()) as ExperimentRow | undefined;
  if (row === undefined) {
    throw new NotFoundError(`No Experiment with id=${experimentId} exists`, { field: 'experimentId' });
  }
  return row;
}

/**
 * Refuses writes into a deleted experiment, with MLflow's message.
 * @throws FailedPreconditionError `The experiment <id> must be in the 'active' state. Current state is deleted.`
 */
export function requireActiveExperiment(experiment: ExperimentRow): void {
  if (experiment.lifecycle_stage !== 'active') {
    throw new FailedPreconditionError(
      `The experiment ${experiment.experiment_id} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`,
      { field: 'experimentId', reason: 'deleted' },
    );
  }
}

/** Tags of the given experiments, by experiment id. */
export async function experimentTags(
  db: Knex,
  experimentIds: readonly (number | string)[],
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (const id of experimentIds) out.set(String(id), {});
  for (let i = 0; i < experimentIds.length; i += 500) {
    const rows = (await db('tracking_experiment_tags')
      .whereIn('experiment_id', experimentIds.slice(i, i + 500))
      .orderBy('key')
      .select('experiment_id', 'key', 'value')) as { experiment_id: number; key: string; value: string }[];
    for (const row of rows) out.get(String(row.experiment_id))![row.key] = row.value;
  }
  return out;
}
