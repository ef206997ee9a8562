import { type PostgresServer, startPostgres } from './startPostgres.js';

let shared: Promise<PostgresServer> | undefined;

/**
 * One PostgreSQL server for the whole test process: started on the first call, stopped when the
 * process exits. Test files that share it must use their own table, schema or database names.
 * @throws Error as `startPostgres` does; a later call tries again.
 * @example
 * before(async function () {
 *   this.timeout(300_000); // a fresh machine may first install PostgreSQL
 *   url = (await sharedPostgres()).url;
 * });
 */
export function sharedPostgres(): Promise<Pick<PostgresServer, 'url' | 'port'>> {
  shared ??= startPostgres().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}
