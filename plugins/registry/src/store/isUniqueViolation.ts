/**
 * True when `err` is the database refusing a duplicate key: PostgreSQL's SQLSTATE 23505, or
 * SQLite's UNIQUE / PRIMARY KEY constraint codes. Two writers can race past a read-then-insert
 * check on PostgreSQL; this turns the loser's error into the message a user should see.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
