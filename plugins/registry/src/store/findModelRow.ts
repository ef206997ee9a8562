import { FailedPreconditionError, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { ModelRow } from '../rows.js';
import { tables } from '../tables.js';

/** How {@link findModelRow} treats a soft-deleted model. */
export type DeletedModels = 'refuse' | 'allow' | 'require';

/** Options of {@link findModelRow}. */
export interface FindModelOptions {
  /** The input field that named the model, for error details. */
  readonly field: string;
  /** Default `refuse`: a deleted model is NotFound. `require`: only a deleted one will do (restore). */
  readonly deleted?: DeletedModels;
  /**
   * Lock the row until the transaction ends (PostgreSQL `FOR UPDATE`), which serialises every
   * write to the model and its versions. SQLite needs none: it has one writer at a time.
   */
  readonly lock?: boolean;
}

/**
 * The row of the model called `name`.
 * @throws NotFoundError when there is none, or it is deleted and `deleted` is `refuse`;
 * FailedPreconditionError when it is active and `deleted` is `require`.
 */
export async function findModelRow(db: Knex, name: string, options: FindModelOptions): Promise<ModelRow> {
  const { field, deleted = 'refuse', lock = false } = options;
  let query = db<ModelRow>(tables.models).where({ name }).first();
  if (lock && db.client.config.client === 'pg') query = query.forUpdate();
  const row = (await query) as ModelRow | undefined;
  if (row === undefined) {
    throw new NotFoundError(`registered model "${name}" does not exist`, { field });
  }
  if (row.deleted_time !== null && deleted === 'refuse') {
    throw new NotFoundError(`registered model "${name}" is deleted`, { field, reason: 'deleted' });
  }
  if (row.deleted_time === null && deleted === 'require') {
    throw new FailedPreconditionError(`registered model "${name}" is not deleted`, {
      field,
      reason: 'not_deleted',
    });
  }
  return row;
}
