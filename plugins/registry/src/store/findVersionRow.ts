import { FailedPreconditionError, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { ModelRow, VersionRow } from '../rows.js';
import { tables } from '../tables.js';
import { selectVersions } from './selectVersions.js';

/**
 * The row of version `version` of `model`. A deleted version is NotFound unless `deleted` says
 * otherwise (`require` for restore).
 * @throws NotFoundError naming `version`; FailedPreconditionError when `deleted` is `require` and
 * the version is active.
 */
export async function findVersionRow(
  db: Knex,
  model: ModelRow,
  version: number,
  deleted: 'refuse' | 'allow' | 'require' = 'refuse',
): Promise<VersionRow> {
  const row = (await selectVersions(db)
    .where(`${tables.versions}.model_id`, model.id)
    .where(`${tables.versions}.version`, version)
    .first()) as VersionRow | undefined;
  const text = `${model.name}/${version}`;
  if (row === undefined)
    throw new NotFoundError(`model version ${text} does not exist`, { field: 'version' });
  if (row.deleted_time !== null && deleted === 'refuse') {
    throw new NotFoundError(`model version ${text} is deleted`, { field: 'version', reason: 'deleted' });
  }
  if (row.deleted_time === null && deleted === 'require') {
    throw new FailedPreconditionError(`model version ${text} is not deleted`, {
      field: 'version',
      reason: 'not_deleted',
    });
  }
  return row;
}
