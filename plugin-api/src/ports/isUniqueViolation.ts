/**
 * True when `err` is a {@link Database} refusing a duplicate key: PostgreSQL's SQLSTATE 23505, or
 * SQLite's UNIQUE / PRIMARY KEY constraint codes (better-sqlite3 puts them in `code`). Two writers
 * can race past a read-then-insert check; this turns the loser's error into the one a user should
 * see (`AlreadyExistsError`, a retry). Every Database provider's errors pass it (the conformance
 * suite checks).
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
