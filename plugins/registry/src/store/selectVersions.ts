import type { Knex } from 'knex';
import { tables } from '../tables.js';

/** A query of version rows joined with their model's name, as `VersionRow` expects. */
export function selectVersions(db: Knex): Knex.QueryBuilder {
  return db(tables.versions)
    .join(tables.models, `${tables.models}.id`, `${tables.versions}.model_id`)
    .select(`${tables.versions}.*`, `${tables.models}.name as model_name`);
}
