const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'SQLITE_CANTOPEN',
]);

/**
 * True when `err` says the database could not be reached or used at all, rather than that a
 * statement was wrong: network failures, pool timeouts, PostgreSQL's connection, shutdown and
 * too-many-connections states, SQLite files that cannot be opened or stay locked.
 */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = String((err as { code?: unknown }).code);
  return (
    networkCodes.has(code) ||
    code.startsWith('SQLITE_BUSY') ||
    /^(08|57P0)/.test(code) ||
    code === '53300' ||
    err.name === 'KnexTimeoutError' ||
    /Connection terminated/i.test(err.message)
  );
}
