import type { Comparison, FilterNode } from '@mlops/search-filter';
import type { Knex } from 'knex';

/** Adds one condition to a query builder (inside its own parentheses). */
export type Condition = (qb: Knex.QueryBuilder) => void;

/**
 * Turns a filter tree into nested knex conditions: AND and OR groups, NOT, and a leaf condition
 * per comparison from `leaf`. Values only ever travel as bound parameters.
 */
export function compileFilter(node: FilterNode, leaf: (comparison: Comparison) => Condition): Condition {
  switch (node.kind) {
    case 'and': {
      const children = node.children.map((c) => compileFilter(c, leaf));
      return (qb) => {
        for (const child of children) qb.where((b) => child(b));
      };
    }
    case 'or': {
      const children = node.children.map((c) => compileFilter(c, leaf));
      return (qb) => {
        qb.where((group) => {
          for (const child of children) group.orWhere((b) => child(b));
        });
      };
    }
    case 'not': {
      const child = compileFilter(node.child, leaf);
      return (qb) => {
        qb.whereNot((b) => child(b));
      };
    }
    default:
      return leaf(node);
  }
}
