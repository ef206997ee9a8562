import type { Comparison, ComparisonOperator, FilterNode } from './FilterNode.js';
import type { FilterProfile } from './FilterProfile.js';
import { type ResolvedField, resolveField } from './resolveField.js';
import { searchError } from './searchError.js';
import { describeToken, fieldNameOf, keywordOf, shorten, type Token, tokenize } from './tokenize.js';

/** Options of {@link parseFilter}. */
export interface ParseFilterOptions {
  /** Name of the input in messages and `details.field`; default `filter`. */
  readonly field?: string;
}

/** Deepest nesting of parentheses and NOT; deeper input is refused rather than overflowing the stack. */
export const MAX_FILTER_DEPTH = 100;

const SCALAR_SYMBOLS = new Set(['=', '!=', '>', '>=', '<', '<=']);
const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE']);

/**
 * Parses a search filter in MLflow's syntax, plus OR, NOT, parentheses and IN / NOT IN lists, into
 * a typed tree checked against `profile`. Precedence: NOT, then AND, then OR; keywords are
 * case-insensitive. An empty or blank filter gives `null` (no condition).
 *
 * @throws InvalidArgumentError with `details.field` (`filter` unless `options.field` says otherwise),
 *   `details.position` (0-based offset, `filter.length` at the end) and `details.reason`; the
 *   message names the position and what was expected. Nothing else is thrown, whatever the input.
 * @example
 * parseFilter("metrics.acc > 0.9 and params.optimizer IN ('adam', 'sgd')", runFilterProfile);
 * // { kind: 'and', children: [
 * //   { kind: 'compare', entity: 'metric', key: 'acc', fieldType: 'number', op: '>', value: 0.9, position: 0 },
 * //   { kind: 'compare', entity: 'param', key: 'optimizer', fieldType: 'string', op: 'IN',
 * //     value: ['adam', 'sgd'], position: 22 } ] }
 */
export function parseFilter(
  filter: string | null | undefined,
  profile: FilterProfile,
  options: ParseFilterOptions = {},
): FilterNode | null {
  const field = options.field ?? 'filter';
  if (filter === undefined || filter === null) return null;
  if (typeof filter !== 'string') throw searchError(field, 0, 'must be a string', 'syntax');
  const tokens = tokenize(filter, field);
  if ((tokens[0] as Token).kind === 'end') return null;
  return new FilterParser(tokens, profile, field).parse();
}

class FilterParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly profile: FilterProfile,
    private readonly field: string,
  ) {}

  parse(): FilterNode {
    const node = this.parseJunction('or');
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.expected('AND, OR or end of input', rest);
    return node;
  }

  private parseJunction(kind: 'and' | 'or'): FilterNode {
    const children: FilterNode[] = [];
    const keyword = kind === 'or' ? 'OR' : 'AND';
    do {
      const child = kind === 'or' ? this.parseJunction('and') : this.parseUnary();
      if (child.kind === kind) {
        // A loop, not push(...spread): a child may have more elements than the call stack allows arguments.
        for (const grandchild of child.children) children.push(grandchild);
      } else {
        children.push(child);
      }
    } while (keywordOf(this.peek()) === keyword && this.next());
    return children.length === 1 ? (children[0] as FilterNode) : { kind, children };
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (keywordOf(token) !== 'NOT') return this.parsePrimary();
    this.next();
    this.enter(token);
    const child = this.parseUnary();
    this.depth -= 1;
    return { kind: 'not', child };
  }

  private parsePrimary(): FilterNode {
    const token = this.next();
    if (token.kind === 'punctuation' && token.raw === '(') {
      this.enter(token);
      const node = this.parseJunction('or');
      const close = this.next();
      if (close.kind !== 'punctuation' || close.raw !== ')') {
        throw this.expected(
          `AND, OR or ")" at position ${close.position} to close "(" at position ${token.position},`,
          close,
          true,
        );
      }
      this.depth -= 1;
      return node;
    }
    const word = keywordOf(token);
    const name = fieldNameOf(token);
    if (name && (word === undefined || !RESERVED.has(word))) return this.parseComparison(name);
    throw this.expected('a field name, "(" or NOT', token);
  }

  private parseComparison(name: Extract<Token, { kind: 'name' }>): Comparison {
    const target = resolveField(name, this.profile, this.field, 'filter');
    const opToken = this.peek();
    const op = this.readOperator(name);
    if (!target.operators.includes(op)) {
      throw searchError(
        this.field,
        opToken.position,
        `"${shorten(name.raw)}" can only be compared with ${target.operators.join(', ')} (found ${op} at position ${opToken.position})`,
        'comparator',
      );
    }
    const base = {
      kind: 'compare',
      entity: target.entity,
      key: target.key,
      fieldType: target.fieldType,
    } as const;
    const position = name.position;
    if (op === 'IS NULL' || op === 'IS NOT NULL') return { ...base, op, value: null, position };
    if (op === 'IN' || op === 'NOT IN') return { ...base, op, value: this.readList(target, op), position };
    return { ...base, op, value: this.readValue(target), position };
  }

  private readOperator(name: Token): ComparisonOperator {
    const token = this.next();
    if (token.kind === 'operator' && SCALAR_SYMBOLS.has(token.raw)) return token.raw as ComparisonOperator;
    const word = keywordOf(token);
    if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word;
    if (word === 'NOT') {
      const next = this.next();
      if (keywordOf(next) === 'IN') return 'NOT IN';
      throw this.expected('IN after NOT', next);
    }
    if (word === 'IS') {
      const next = this.next();
      const nextWord = keywordOf(next);
      if (nextWord === 'NULL') return 'IS NULL';
      if (nextWord !== 'NOT') throw this.expected('NULL or NOT NULL after IS', next);
      const last = this.next();
      if (keywordOf(last) === 'NULL') return 'IS NOT NULL';
      throw this.expected('NULL after IS NOT', last);
    }
    throw this.expected(`a comparator after "${shorten(name.raw)}"`, token);
  }

  private readValue(target: ResolvedField): string | number {
    const token = this.next();
    if (target.fieldType === 'string' && token.kind === 'string') return token.value;
    if (target.fieldType !== 'string' && token.kind === 'number') return token.value;
    const subject =
      target.entity === 'attribute' || target.entity === 'dataset'
        ? `${target.entity} ${target.key}`
        : target.entity;
    const wanted = target.fieldType === 'string' ? 'a quoted string' : 'a number';
    const found = token.kind === 'end' ? 'end of input' : shorten(token.raw);
    throw searchError(
      this.field,
      token.position,
      `${subject} value must be ${wanted} (found ${found} at position ${token.position})`,
      'value',
    );
  }

  private readList(target: ResolvedField, op: 'IN' | 'NOT IN'): (string | number)[] {
    const open = this.next();
    if (open.kind !== 'punctuation' || open.raw !== '(') throw this.expected(`"(" after ${op}`, open);
    if (this.peek().raw === ')') throw this.expected(`at least one value in the ${op} list`, this.peek());
    const values: (string | number)[] = [];
    for (;;) {
      values.push(this.readValue(target));
      const separator = this.next();
      if (separator.kind === 'punctuation' && separator.raw === ')') return values;
      // MLflow reads the list as a Python tuple literal, which allows a trailing comma.
      if (separator.kind === 'punctuation' && separator.raw === ',') {
        if (this.peek().raw !== ')') continue;
        this.next();
        return values;
      }
      throw this.expected(`"," or ")" in the ${op} list`, separator);
    }
  }

  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth > MAX_FILTER_DEPTH) {
      throw searchError(
        this.field,
        token.position,
        `nesting too deep at position ${token.position} (at most ${MAX_FILTER_DEPTH} levels of parentheses and NOT)`,
        'nesting',
      );
    }
  }

  private expected(what: string, found: Token, positionInWhat = false): Error {
    const where = positionInWhat ? '' : ` at position ${found.position},`;
    return searchError(
      this.field,
      found.position,
      `expected ${what}${where} found ${describeToken(found)}`,
      'syntax',
    );
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.tokens[this.index] as Token;
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}
