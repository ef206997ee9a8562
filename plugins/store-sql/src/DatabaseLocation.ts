import { resolve } from 'node:path';
import { InvalidArgumentError } from '@mlops/plugin-api';

/** Where a database lives, read from the `url` option, with a label that is safe to print. */
export type DatabaseLocation =
  | {
      readonly dialect: 'sqlite';
      /** An absolute path, or `:memory:`. */
      readonly filename: string;
      /** `SQLite at <path>`. */
      readonly label: string;
    }
  | {
      readonly dialect: 'postgres';
      readonly connectionString: string;
      /** `PostgreSQL at <host>:<port>/<database>`: no user, no password. */
      readonly label: string;
    };

/**
 * Reads a `url` option (already checked against the options schema's pattern).
 * @throws InvalidArgumentError when a PostgreSQL URL does not parse (the message omits the URL,
 * which may hold a password).
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === ':memory:') return { dialect: 'sqlite', filename: ':memory:', label: 'SQLite in memory' };
    const filename = resolve(path);
    return { dialect: 'sqlite', filename, label: `SQLite at ${filename}` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new InvalidArgumentError(
      'option /url is not a valid postgres:// URL (characters such as @ or / in the password must be percent-encoded)',
      { field: '/url', reason: 'bad_url' },
      { cause: err },
    );
  }
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username);
  return {
    dialect: 'postgres',
    connectionString: url,
    label: `PostgreSQL at ${host}:${parsed.port || '5432'}/${database}`,
  };
}
