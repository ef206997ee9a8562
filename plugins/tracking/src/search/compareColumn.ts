import { InvalidArgumentError } from '@mlops/plugin-api';
import type { Comparison } from '@mlops/search-filter';
import type { Knex } from 'knex';
import type { SqlDialect } from '../sqlDialect.js';

/**
 * Compares a column with a comparison's value, the same way on both dialects: LIKE is
 * case-sensitive and ILIKE is not, `\` escapes `%`, `_` and itself in both (PostgreSQL's default),
 * IN lists bind one parameter per value. `IS NULL` / `IS NOT NULL` are the callers' (existence).
 * @throws InvalidArgumentError for a LIKE pattern that ends with a lone `\`.
 */
export function compareColumn(
  qb: Knex.QueryBuilder,
  column: string,
  c: Comparison,
  dialect: SqlDialect,
): void {
  switch (c.op) {
    case 'IN':
      qb.whereIn(column, [...c.value]);
      return;
    case 'NOT IN':
      qb.whereNotIn(column, [...c.value]);
      return;
    case 'IS NULL':
    case 'IS NOT NULL':
      throw new Error(`${c.op} is an existence test, not a column comparison`);
    case 'LIKE':
    case 'ILIKE': {
      const pattern = String(c.value);
      if (/(^|[^\\])(\\\\)*\\$/.test(pattern)) {
        throw new InvalidArgumentError(
          `filter: the ${c.op} pattern '${pattern}' (comparison at position ${c.position}) ends with an escape character (\\)`,
          { field: 'filter', position: c.position, reason: 'value' },
        );
      }
      if (dialect === 'postgres') qb.where(column, c.op === 'LIKE' ? 'like' : 'ilike', pattern);
      // SQLite's LIKE ignores ASCII case, so case-sensitive LIKE becomes the equivalent GLOB.
      else if (c.op === 'LIKE') qb.whereRaw('?? GLOB ?', [column, likeToGlob(pattern)]);
      else qb.whereRaw("?? LIKE ? ESCAPE '\\'", [column, pattern]);
      return;
    }
    default:
      qb.where(column, c.op, c.value);
  }
}

/** A LIKE pattern (with `\` escapes) as a GLOB pattern, which is case-sensitive. */
export function likeToGlob(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) out += literal(pattern[++i]!);
    else if (ch === '%') out += '*';
    else if (ch === '_') out += '?';
    else out += literal(ch);
  }
  return out;
}

function literal(ch: string): string {
  return ch === '*' || ch === '?' || ch === '[' ? `[${ch}]` : ch;
}
