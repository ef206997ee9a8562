/**
 * Rows per multi-row INSERT built by knex: on SQLite knex writes one `SELECT ... UNION ALL` term
 * per row, and SQLite refuses more than 500 terms in one compound SELECT.
 */
export const rowsPerInsert = 200;

/** `items` cut into consecutive slices of at most `size`. */
export function inChunks<T>(items: readonly T[], size = rowsPerInsert): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
