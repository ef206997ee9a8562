import { expect } from 'chai';
import { type FilterNode, parseFilter, runFilterProfile } from '../src/index.js';
import { compare } from './compare.js';
import { searchErrorOf } from './searchErrorOf.js';

const parse = (filter: string): FilterNode | null => parseFilter(filter, runFilterProfile);
// Short comparisons for the shape tests: `tags.a = 'x'` and so on, at known positions.
const tag = (key: string, position: number) => compare('tag', key, '=', 'x', position);

describe('parseFilter: extensions to MLflow', () => {
  it('accepts OR, which MLflow refuses', () => {
    expect(parse("metrics.A > 0.1 OR params.B = 'LR'")).to.deep.equal({
      kind: 'or',
      children: [compare('metric', 'A', '>', 0.1), compare('param', 'B', '=', 'LR', 19)],
    });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parse("tags.a = 'x' AND tags.b = 'x' OR tags.c = 'x'")).to.deep.equal({
      kind: 'or',
      children: [{ kind: 'and', children: [tag('a', 0), tag('b', 17)] }, tag('c', 33)],
    });
    expect(parse("tags.a = 'x' OR tags.b = 'x' AND tags.c = 'x'")).to.deep.equal({
      kind: 'or',
      children: [tag('a', 0), { kind: 'and', children: [tag('b', 16), tag('c', 33)] }],
    });
    expect(parse("NOT tags.a = 'x' AND tags.b = 'x'")).to.deep.equal({
      kind: 'and',
      children: [{ kind: 'not', child: tag('a', 4) }, tag('b', 21)],
    });
    expect(parse("tags.a = 'x' or not tags.b = 'x' and tags.c = 'x'")).to.deep.equal({
      kind: 'or',
      children: [
        tag('a', 0),
        { kind: 'and', children: [{ kind: 'not', child: tag('b', 20) }, tag('c', 37)] },
      ],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parse("(tags.a = 'x' OR tags.b = 'x') AND tags.c = 'x'")).to.deep.equal({
      kind: 'and',
      children: [{ kind: 'or', children: [tag('a', 1), tag('b', 17)] }, tag('c', 35)],
    });
    expect(parse("NOT (tags.a = 'x' OR tags.b = 'x')")).to.deep.equal({
      kind: 'not',
      child: { kind: 'or', children: [tag('a', 5), tag('b', 21)] },
    });
  });

  it('flattens nested junctions of the same kind and drops redundant parentheses', () => {
    expect(parse("tags.a = 'x' AND (tags.b = 'x' AND tags.c = 'x')")).to.deep.equal({
      kind: 'and',
      children: [tag('a', 0), tag('b', 18), tag('c', 35)],
    });
    expect(parse("(tags.a = 'x' OR tags.b = 'x') OR (tags.c = 'x')")).to.deep.equal({
      kind: 'or',
      children: [tag('a', 1), tag('b', 17), tag('c', 35)],
    });
    expect(parse("((tags.a = 'x'))")).to.deep.equal(tag('a', 2));
    expect(parse("NOT NOT tags.a = 'x'")).to.deep.equal({
      kind: 'not',
      child: { kind: 'not', child: tag('a', 8) },
    });
  });

  it('reads keywords in any case', () => {
    expect(
      parse("tags.a = 'x' aNd NoT tags.b LiKe 'y%' Or params.c iN ('z') oR tags.d Is NoT nUlL"),
    ).to.deep.equal({
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [tag('a', 0), { kind: 'not', child: compare('tag', 'b', 'LIKE', 'y%', 21) }],
        },
        compare('param', 'c', 'IN', ['z'], 41),
        compare('tag', 'd', 'IS NOT NULL', null, 62),
      ],
    });
  });

  it('accepts IN and NOT IN lists on every string field', () => {
    expect(parse("params.optimizer IN ('adam', 'sgd')")).to.deep.equal(
      compare('param', 'optimizer', 'IN', ['adam', 'sgd']),
    );
    expect(parse("tags.team NOT IN ('a')")).to.deep.equal(compare('tag', 'team', 'NOT IN', ['a']));
    expect(parse('attributes.status in ("RUNNING","FAILED",)')).to.deep.equal(
      compare('attribute', 'status', 'IN', ['RUNNING', 'FAILED']),
    );
    expect(parse("datasets.name not in ('a', 'b')")).to.deep.equal(
      compare('dataset', 'name', 'NOT IN', ['a', 'b']),
    );
  });

  it('unescapes doubled quotes and backslash-escaped quotes, and keeps other backslashes', () => {
    expect(parse("params.a = 'it''s'")).to.deep.equal(compare('param', 'a', '=', "it's"));
    expect(parse('params.a = "say ""hi"""')).to.deep.equal(compare('param', 'a', '=', 'say "hi"'));
    expect(parse("params.a = 'it\\'s \\\\ \\d'")).to.deep.equal(compare('param', 'a', '=', "it's \\ \\d"));
    expect(parse("params.a = ''")).to.deep.equal(compare('param', 'a', '=', ''));
    expect(parse("params.`a``b` = 'x'")).to.deep.equal(compare('param', 'a`b', '=', 'x'));
  });

  it('accepts names in any script', () => {
    expect(parse("params.größe = 'groß' AND metrics.精度 > 0.5")).to.deep.equal({
      kind: 'and',
      children: [compare('param', 'größe', '=', 'groß'), compare('metric', '精度', '>', 0.5, 26)],
    });
  });

  it('accepts 100 levels of nesting', () => {
    const filter = `${'('.repeat(50)}${'NOT '.repeat(50)}tags.a = 'x'${')'.repeat(50)}`;
    let node = parse(filter);
    for (let level = 0; level < 50; level += 1) node = (node as { child: FilterNode }).child;
    expect(node).to.deep.equal(tag('a', 250));
  });

  it('names the field from the options in messages and details', () => {
    const error = searchErrorOf(() =>
      parseFilter('metrics.a ~ 1', runFilterProfile, { field: 'filter_string' }),
    );
    expect(error.message).to.equal(
      'filter_string: expected a comparator after "metrics.a" at position 10, found "~"',
    );
    expect(error.details).to.include({ field: 'filter_string', position: 10 });
  });
});

const errors: [string, string, number][] = [
  [
    "(tags.a = 'x'",
    'expected AND, OR or ")" at position 13 to close "(" at position 0, found end of input',
    13,
  ],
  ["tags.a = 'x')", 'expected AND, OR or end of input at position 12, found ")"', 12],
  ['()', 'expected a field name, "(" or NOT at position 1, found ")"', 1],
  ['NOT', 'expected a field name, "(" or NOT at position 3, found end of input', 3],
  ["tags.a = 'x' AND", 'expected a field name, "(" or NOT at position 16, found end of input', 16],
  ["tags.a = 'x' OR OR tags.b = 'x'", 'expected a field name, "(" or NOT at position 16, found "OR"', 16],
  ["params.a NOT LIKE 'x'", 'expected IN after NOT at position 13, found "LIKE"', 13],
  ["params.a IN 'x'", 'expected "(" after IN at position 12, found "\'x\'"', 12],
  ['params.a IN ()', 'expected at least one value in the IN list at position 13, found ")"', 13],
  ["params.a NOT IN ('x' 'y')", 'expected "," or ")" in the NOT IN list at position 21, found "\'y\'"', 21],
  ["params.a IN ('x'", 'expected "," or ")" in the IN list at position 16, found end of input', 16],
  ["params.a IN ('x', 1)", 'param value must be a quoted string (found 1 at position 18)', 18],
  ["params.a IN ('x',,)", 'param value must be a quoted string (found , at position 17)', 17],
  [
    'metrics.a IN (1, 2)',
    '"metrics.a" can only be compared with =, !=, >, >=, <, <= (found IN at position 10)',
    10,
  ],
  ["tags.a IS NOT 'x'", 'expected NULL after IS NOT at position 14, found "\'x\'"', 14],
  ['metrics.x <> 1', 'expected a comparator after "metrics.x" at position 10, found "<>"', 10],
  ['metrics.x == 1', 'expected a comparator after "metrics.x" at position 10, found "=="', 10],
  ['metrics.x = 1e999', 'number out of range (found 1e999 at position 12)', 12],
  ['metrics..x = 1', 'expected a name after "metrics." at position 8, found "."', 8],
  ['metrics.', 'expected a name after "metrics." at position 8, found end of input', 8],
  ['metrics."" = 1', 'empty name at position 8', 8],
  ['metrics."x = 1', 'unterminated quoted name starting at position 8', 8],
  ["tags.a.`b` = 'x'", 'expected a comparator after "tags.a" at position 6, found "."', 6],
  ["tags.a = 'x' ;", 'expected AND, OR or end of input at position 13, found ";"', 13],
  [`tags.a = '${'x'.repeat(60)}' x`, 'expected AND, OR or end of input at position 72, found "x"', 72],
  [
    `metrics.a = '${'y'.repeat(60)}'`,
    `metric value must be a number (found '${'y'.repeat(36)}... at position 12)`,
    12,
  ],
  [
    `${'('.repeat(101)}tags.a = 'x'${')'.repeat(101)}`,
    'nesting too deep at position 100 (at most 100 levels of parentheses and NOT)',
    100,
  ],
  [
    `${'NOT '.repeat(101)}tags.a = 'x'`,
    'nesting too deep at position 400 (at most 100 levels of parentheses and NOT)',
    400,
  ],
  [
    "ın ('x')",
    'unknown attribute "ın" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    0,
  ],
  ["tags.a = 'x' AND 😀", 'expected a field name, "(" or NOT at position 17, found "😀"', 17],
];

describe('parseFilter: syntax errors', () => {
  for (const [filter, message, position] of errors) {
    it(`refuses ${JSON.stringify(filter.length > 60 ? `${filter.slice(0, 57)}...` : filter)}`, () => {
      const error = searchErrorOf(() => parse(filter));
      expect(error.message).to.equal(`filter: ${message}`);
      expect(error.details).to.include({ field: 'filter', position });
    });
  }

  it('refuses a filter that is not a string', () => {
    const error = searchErrorOf(() => parseFilter(42 as unknown as string, runFilterProfile));
    expect(error.message).to.equal('filter: must be a string');
    expect(error.details).to.include({ field: 'filter', position: 0 });
  });

  it('handles a very long AND chain without recursion', () => {
    const filter = Array.from({ length: 20000 }, (_, i) => `tags.t${i} = 'x'`).join(' AND ');
    const node = parse(filter) as { kind: string; children: unknown[] };
    expect(node.kind).to.equal('and');
    expect(node.children).to.have.length(20000);
  });
});
