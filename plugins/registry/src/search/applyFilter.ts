import { InvalidArgumentError } from '@mlops/plugin-api';
import type { Comparison, FilterNode } from '@mlops/search-filter';
import type { Knex } from 'knex';
import { likeToGlob } from './likeToGlob.js';

/** Where the fields of a filter live in SQL, for one searched entity. */
export interface FilterTarget {
  readonly db: Knex;
  readonly dialect: 'sqlite' | 'postgres';
  /** The column of each filterable attribute, qualified. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The tag table, whose `key` and `value` columns a `tags.<key>` comparison reads. */
  readonly tagTable: string;
  /** Restricts a tag subquery to the tags of the row being filtered (a correlated condition). */
  readonly correlateTags: (sub: Knex.QueryBuilder) => void;
}

/** Adds `column <op> value` to `qb`, every value a bound parameter. */
function compareColumn(qb: Knex.QueryBuilder, column: string, node: Comparison, target: FilterTarget): void {
  const pg = target.dialect === 'postgres';
  switch (node.op) {
    case 'LIKE':
      if (pg) qb.whereRaw(`?? LIKE ? ESCAPE ''`, [column, node.value]);
      else qb.whereRaw('?? GLOB ?', [column, likeToGlob(String(node.value))]);
      return;
    case 'ILIKE':
      if (pg) qb.whereRaw(`?? ILIKE ? ESCAPE ''`, [column, node.value]);
      else qb.whereRaw('lower(??) LIKE lower(?)', [column, node.value]);
      return;
    case 'IN':
      qb.whereIn(column, [...node.value]);
      return;
    case 'NOT IN':
      qb.whereNotIn(column, [...node.value]);
      return;
    case 'IS NULL':
      qb.whereNull(column);
      return;
    case 'IS NOT NULL':
      qb.whereNotNull(column);
      return;
    default:
      qb.where(column, node.op === '!=' ? '<>' : node.op, node.value);
  }
}

function compare(qb: Knex.QueryBuilder, node: Comparison, target: FilterTarget): void {
  if (node.entity === 'attribute') {
    const column = target.attributes[node.key];
    if (column === undefined) {
      throw new InvalidArgumentError(`filter: cannot filter by attribute "${node.key}"`, { field: 'filter' });
    }
    compareColumn(qb, column, node, target);
    return;
  }
  if (node.entity !== 'tag') {
    throw new InvalidArgumentError(`filter: cannot filter by ${node.entity} "${node.key}"`, {
      field: 'filter',
    });
  }
  const { db, tagTable } = target;
  const sub = db(tagTable).select(db.raw('1')).where(`${tagTable}.key`, node.key);
  target.correlateTags(sub);
  if (node.op === 'IS NULL') {
    qb.whereNotExists(sub);
    return;
  }
  if (node.op !== 'IS NOT NULL') compareColumn(sub, `${tagTable}.value`, node, target);
  qb.whereExists(sub);
}

function addNode(qb: Knex.QueryBuilder, node: FilterNode, target: FilterTarget): void {
  switch (node.kind) {
    case 'and':
      for (const child of node.children) qb.where((sub) => addNode(sub, child, target));
      return;
    case 'or':
      for (const child of node.children) qb.orWhere((sub) => addNode(sub, child, target));
      return;
    case 'not':
      qb.whereNot((sub) => addNode(sub, node.child, target));
      return;
    default:
      compare(qb, node, target);
  }
}

/**
 * Adds a parsed filter to `query` as one parenthesised condition. A tag comparison becomes an
 * EXISTS subquery on the tag table (so a row is never multiplied by its tags), `!=` on a tag means
 * "has the tag with another value", as in MLflow.
 */
export function applyFilter(query: Knex.QueryBuilder, node: FilterNode | null, target: FilterTarget): void {
  if (node !== null) query.where((qb) => addNode(qb, node, target));
}
