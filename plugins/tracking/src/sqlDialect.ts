import type { Knex } from 'knex';

/** The SQL dialects the tracking store runs on, as the Database port names them. */
export type SqlDialect = 'sqlite' | 'postgres';

/** The dialect of a knex handle (or transaction), from its client. */
export function dialectOf(db: Knex): SqlDialect {
  return (db.client as { dialect?: string }).dialect === 'postgresql' ? 'postgres' : 'sqlite';
}
