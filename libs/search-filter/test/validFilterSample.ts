import fc from 'fast-check';
import type { Comparison, ComparisonOperator, EntityKind, FieldType, FilterNode } from '../src/index.js';

/** A filter as written, and the tree (without positions) the run profile must parse it to. */
export interface FilterSample {
  readonly text: string;
  readonly node: FilterNode;
}

const PLAIN_KEY = /^[\p{L}_][\p{L}\p{M}\p{N}_]*(\.[\p{L}\p{M}\p{N}_]+)*$/u;
const NUMERIC_OPS: ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];
const STRING_OPS: ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

function printKey(key: string, quote: '' | '`' | '"'): string {
  const q = quote === '' && !PLAIN_KEY.test(key) ? '`' : quote;
  return q === '' ? key : `${q}${key.replaceAll(q, q + q)}${q}`;
}

function printString(value: string, quote: "'" | '"'): string {
  return `${quote}${value.replaceAll('\\', '\\\\').replaceAll(quote, quote + quote)}${quote}`;
}

const anyKey = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}(\.[a-z0-9_]{1,4}){0,2}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);
const keyQuote = fc.constantFrom<'' | '`' | '"'>('', '', '`', '"');
const stringValue = fc.string({ unit: 'grapheme', maxLength: 8 });
const stringQuote = fc.constantFrom<"'" | '"'>("'", '"');
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const keywordCase = fc.boolean();

interface Field {
  readonly text: string;
  readonly entity: EntityKind;
  readonly key: string;
  readonly fieldType: FieldType;
  readonly nullable: boolean;
}

const prefixed = (entity: EntityKind, prefixes: string[], fieldType: FieldType, nullable: boolean) =>
  fc.record({ prefix: fc.constantFrom(...prefixes), key: anyKey, quote: keyQuote }).map(
    ({ prefix, key, quote }): Field => ({
      text: `${prefix}.${printKey(key, quote)}`,
      entity,
      key,
      fieldType,
      nullable,
    }),
  );

// Attribute spellings of the run profile, with the canonical name and type each one gives.
const ATTRIBUTES: [string, string, FieldType][] = [
  ['run_id', 'run_id', 'string'],
  ['run_name', 'run_name', 'string'],
  ['Run Name', 'run_name', 'string'],
  ['user_id', 'user_id', 'string'],
  ['status', 'status', 'string'],
  ['artifact_uri', 'artifact_uri', 'string'],
  ['start_time', 'start_time', 'timestamp'],
  ['created', 'start_time', 'timestamp'],
  ['end_time', 'end_time', 'timestamp'],
];

const field: fc.Arbitrary<Field> = fc.oneof(
  prefixed('metric', ['metrics', 'metric', '`metrics`'], 'number', false),
  prefixed('param', ['params', 'param', 'parameters'], 'string', true),
  prefixed('tag', ['tags', 'tag'], 'string', true),
  fc
    .record({
      prefix: fc.constantFrom('', 'attributes.', 'attr.', 'run.'),
      attribute: fc.constantFrom(...ATTRIBUTES),
      quote: keyQuote,
    })
    .map(
      ({ prefix, attribute: [written, key, fieldType], quote }): Field => ({
        text: `${prefix}${printKey(written, quote)}`,
        entity: 'attribute',
        key,
        fieldType,
        nullable: false,
      }),
    ),
  fc
    .record({
      prefix: fc.constantFrom('dataset', 'datasets'),
      key: fc.constantFrom('name', 'digest', 'context'),
    })
    .map(
      ({ prefix, key }): Field => ({
        text: `${prefix}.${key}`,
        entity: 'dataset',
        key,
        fieldType: 'string',
        nullable: false,
      }),
    ),
);

const comparison: fc.Arbitrary<FilterSample> = fc
  .record({
    field,
    opPick: fc.nat(),
    lower: keywordCase,
    number: finite,
    strings: fc.array(fc.tuple(stringValue, stringQuote), { minLength: 1, maxLength: 3 }),
  })
  .map(({ field: f, opPick, lower, number, strings }) => {
    const ops =
      f.fieldType === 'string'
        ? [...STRING_OPS, ...(f.nullable ? (['IS NULL', 'IS NOT NULL'] as const) : [])]
        : NUMERIC_OPS;
    const op = ops[opPick % ops.length] as ComparisonOperator;
    const written = lower ? op.toLowerCase() : op;
    const base = { kind: 'compare', entity: f.entity, key: f.key, fieldType: f.fieldType, op, position: 0 };
    let value: Comparison['value'];
    let rhs: string;
    if (op === 'IS NULL' || op === 'IS NOT NULL') {
      value = null;
      rhs = '';
    } else if (op === 'IN' || op === 'NOT IN') {
      value = strings.map(([s]) => s);
      rhs = ` (${strings.map(([s, q]) => printString(s, q)).join(', ')})`;
    } else if (f.fieldType === 'string') {
      const [s, q] = strings[0] as [string, "'" | '"'];
      value = s;
      rhs = ` ${printString(s, q)}`;
    } else {
      value = number === 0 ? 0 : number;
      rhs = ` ${String(number)}`;
    }
    return { text: `${f.text} ${written}${rhs}`, node: { ...base, value } as Comparison };
  });

const wrap = (sample: FilterSample): string =>
  sample.node.kind === 'compare' ? sample.text : `(${sample.text})`;

/** Random valid run filters, nested with AND, OR, NOT and parentheses. */
export const validFilterSample: fc.Arbitrary<FilterSample> = fc.letrec<{ sample: FilterSample }>((tie) => ({
  sample: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    comparison,
    fc
      .record({
        kind: fc.constantFrom<'and' | 'or'>('and', 'or'),
        lower: keywordCase,
        children: fc.array(tie('sample'), { minLength: 2, maxLength: 3 }),
      })
      .map(({ kind, lower, children }) => ({
        text: children.map(wrap).join(` ${lower ? kind : kind.toUpperCase()} `),
        node: { kind, children: children.map((c) => c.node) },
      })),
    fc.record({ lower: keywordCase, child: tie('sample') }).map(({ lower, child }) => ({
      text: `${lower ? 'not' : 'NOT'} ${wrap(child)}`,
      node: { kind: 'not', child: child.node } as FilterNode,
    })),
  ),
})).sample;

/** The tree with positions zeroed and same-kind junctions merged, as the parser flattens them. */
export function normalize(node: FilterNode): FilterNode {
  if (node.kind === 'compare') return { ...node, position: 0 };
  if (node.kind === 'not') return { kind: 'not', child: normalize(node.child) };
  const children: FilterNode[] = [];
  for (const child of node.children.map(normalize)) {
    if (child.kind === node.kind) children.push(...child.children);
    else children.push(child);
  }
  return { kind: node.kind, children };
}
