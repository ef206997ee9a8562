import type { Knex } from 'knex';
import type { VersionRow } from '../rows.js';
import { tables } from '../tables.js';

/**
 * Applies `changes` to a version, advancing its revision and update time, and touches its
 * model's update time (as MLflow does for every version write).
 */
export async function bumpVersion(
  trx: Knex,
  row: VersionRow,
  changes: Record<string, unknown>,
  now: number,
): Promise<void> {
  await trx(tables.versions)
    .where({ model_id: row.model_id, version: row.version })
    .update({ ...changes, last_updated_time: now, revision: trx.raw('revision + 1') });
  await trx(tables.models).where({ id: row.model_id }).update({ last_updated_time: now });
}
