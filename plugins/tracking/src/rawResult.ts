/** Rows changed by a raw write: better-sqlite3 says `changes`, pg says `rowCount`. */
export function changedRows(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** Rows a raw query returned: better-sqlite3 gives an array, pg a result with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

const placeholderCache = new Map<string, string>();

/** `(?,?,?),(?,?,?)`: `rows` groups of `columns` placeholders, cached for the hot paths. */
export function placeholders(rows: number, columns: number): string {
  const id = `${rows}x${columns}`;
  let text = placeholderCache.get(id);
  if (text === undefined) {
    const row = `(${Array(columns).fill('?').join(',')})`;
    text = Array(rows).fill(row).join(',');
    if (placeholderCache.size < 4096) placeholderCache.set(id, text);
  }
  return text;
}
