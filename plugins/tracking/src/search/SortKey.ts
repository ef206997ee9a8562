import type { Knex } from 'knex';
import type { Keyset } from '../pageToken.js';

/**
 * One term of a keyset order. `rank` (absent for columns that are never NULL) sorts present
 * values first, then NaN (metrics), then missing ones, whatever the direction, as MLflow orders
 * them; `value` is compared only between rows of rank 0.
 */
export interface SortKey {
  /** SQL of the sorted value, e.g. `o0.value` or `r.start_time`. */
  readonly value: string;
  readonly rank?: { readonly sql: string; readonly bindings: readonly Knex.Value[] };
  readonly direction: 'asc' | 'desc';
  /** Numbers come back from PostgreSQL's bigint columns as strings; the keyset keeps numbers. */
  readonly type: 'number' | 'string';
}

/**
 * The key of a metric joined as `alias` (a left join whose `presence` column is NULL when the
 * entity has no value): present values first, then NaN, then missing, as MLflow orders them.
 */
export function metricSortKey(alias: string, presence: string, direction: 'asc' | 'desc'): SortKey {
  return {
    value: `${alias}.value`,
    rank: {
      sql: `CASE WHEN ${alias}.${presence} IS NULL THEN 2 WHEN ${alias}.is_nan = ? THEN 1 ELSE 0 END`,
      bindings: [true],
    },
    direction,
    type: 'number',
  };
}

/** Selects each key's rank and value as `k<i>r` / `k<i>v`, and orders by them. */
export function applySort(db: Knex, qb: Knex.QueryBuilder, keys: readonly SortKey[]): void {
  keys.forEach((key, i) => {
    if (key.rank !== undefined) {
      qb.select(db.raw(`${key.rank.sql} as k${i}r`, [...key.rank.bindings]));
      qb.orderBy(`k${i}r`, 'asc');
    }
    qb.select(db.raw(`${key.value} as k${i}v`));
    qb.orderBy(`k${i}v`, key.direction);
  });
}

/** The keyset of a row selected with {@link applySort}: each key's rank (if any) and value. */
export function keysetOf(row: Record<string, unknown>, keys: readonly SortKey[]): Keyset {
  const out: (string | number | null)[] = [];
  keys.forEach((key, i) => {
    if (key.rank !== undefined) out.push(Number(row[`k${i}r`]));
    const value = row[`k${i}v`] as string | number | null;
    out.push(value === null || key.type === 'string' ? value : Number(value));
  });
  return out;
}

/** How many values a keyset of `keys` holds. */
export function keysetLength(keys: readonly SortKey[]): number {
  return keys.reduce((n, k) => n + (k.rank === undefined ? 1 : 2), 0);
}

/** One key of a keyset, with the last row's rank (0 for keys without one) and value. */
interface KeysetPart {
  readonly key: SortKey;
  readonly rank: number;
  readonly value: string | number | null;
}

/**
 * Restricts the query to rows after `keyset` in the order of `keys`:
 * OR over j of (keys before j equal AND key j after).
 */
export function applyKeyset(qb: Knex.QueryBuilder, keys: readonly SortKey[], keyset: Keyset): void {
  const parts: KeysetPart[] = [];
  let at = 0;
  for (const key of keys) {
    const rank = key.rank === undefined ? 0 : Number(keyset[at++]);
    parts.push({ key, rank, value: keyset[at++] ?? null });
  }
  qb.where((outer) => {
    parts.forEach((_, j) => {
      outer.orWhere((term) => {
        for (let i = 0; i < j; i++) equal(term, parts[i]!);
        after(term, parts[j]!);
      });
    });
  });
}

function equal(qb: Knex.QueryBuilder, p: KeysetPart): void {
  const { key, rank, value } = p;
  if (key.rank !== undefined) {
    qb.whereRaw(`${key.rank.sql} = ?`, [...key.rank.bindings, rank]);
    if (rank === 0) qb.whereRaw(`${key.value} = ?`, [value]);
    return;
  }
  qb.whereRaw(`${key.value} = ?`, [value]);
}

function after(qb: Knex.QueryBuilder, p: KeysetPart): void {
  const { key, rank, value } = p;
  const op = key.direction === 'asc' ? '>' : '<';
  if (key.rank === undefined) {
    qb.whereRaw(`${key.value} ${op} ?`, [value]);
    return;
  }
  const rankSql = key.rank.sql;
  const bindings = key.rank.bindings;
  qb.where((b) => {
    b.whereRaw(`${rankSql} > ?`, [...bindings, rank]);
    if (rank === 0) b.orWhereRaw(`(${rankSql} = 0 AND ${key.value} ${op} ?)`, [...bindings, value]);
  });
}
