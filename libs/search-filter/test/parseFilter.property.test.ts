import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  experimentFilterProfile,
  type FilterNode,
  type FilterProfile,
  modelVersionFilterProfile,
  parseFilter,
  parseOrderBy,
  registeredModelFilterProfile,
  runFilterProfile,
} from '../src/index.js';
import { normalize, validFilterSample } from './validFilterSample.js';

const PROFILES = [
  runFilterProfile,
  experimentFilterProfile,
  registeredModelFilterProfile,
  modelVersionFilterProfile,
];
// fast-check prints the seed and the path of any failure, so a failing run can be replayed.
const RUNS = { numRuns: 1000 };

// Pieces that make near-misses likely: keywords, quotes, operators, prefixes, odd characters.
const PIECES = [
  '(',
  ')',
  ',',
  "'",
  '"',
  '`',
  '.',
  ' ',
  '  ',
  '=',
  '!=',
  '<',
  '>=',
  '<>',
  '~',
  '-',
  '\\',
  ';',
  'AND',
  'or',
  'NOT',
  'IN',
  'is',
  'NULL',
  'LIKE',
  'ilike',
  'ASC',
  'desc',
  'metrics',
  'params',
  'tags',
  'attributes',
  'datasets',
  'name',
  'status',
  'start_time',
  'version_number',
  'x',
  '1',
  '2.5',
  '-3',
  '.5',
  'e',
  '1e400',
  'a b',
  'ı',
  '😀',
  '\uD800',
  '__proto__',
  'constructor',
];
const piece = fc.constantFrom(...PIECES);
const noise = fc.oneof(
  fc.string({ unit: piece, maxLength: 25 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    maxLength: 40,
  }),
);
const mutation = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  length: fc.nat(4),
  text: piece,
});

function mutate(
  text: string,
  mutations: { kind: string; at: number; length: number; text: string }[],
): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else out = out.slice(0, at) + m.text + out.slice(at + m.length);
  }
  return out;
}

/** Runs the parser: it must return, or throw InvalidArgumentError pointing inside the input. */
function outcome<T>(input: string, field: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidArgumentError))
      throw new Error(`${String(error)} for ${JSON.stringify(input)}`);
    const position = error.details.position as number;
    expect(error.details.field).to.equal(field);
    expect(
      Number.isInteger(position) && position >= 0 && position <= input.length,
      `position ${position}`,
    ).to.equal(true);
    expect(error.message.startsWith(`${field}: `)).to.equal(true);
    expect(error.message).to.include(`position ${position}`);
    return undefined;
  }
}

/** A returned tree must be well formed: junctions of 2+ children of another kind, typed values. */
function checkTree(node: FilterNode, input: string): void {
  if (node.kind === 'not') {
    checkTree(node.child, input);
    return;
  }
  if (node.kind !== 'compare') {
    expect(node.children.length).to.be.at.least(2);
    for (const child of node.children) {
      expect(child.kind).to.not.equal(node.kind);
      checkTree(child, input);
    }
    return;
  }
  expect(node.position).to.be.within(0, input.length - 1);
  const scalar = node.fieldType === 'string' ? 'string' : 'number';
  if (node.op === 'IS NULL' || node.op === 'IS NOT NULL') expect(node.value).to.equal(null);
  else if (node.op === 'IN' || node.op === 'NOT IN') {
    expect(node.value).to.be.an('array').that.is.not.empty;
    for (const item of node.value) expect(typeof item).to.equal(scalar);
  } else expect(typeof node.value).to.equal(scalar);
  if (typeof node.value === 'number') expect(Number.isFinite(node.value)).to.equal(true);
}

function parseEverywhere(input: string): void {
  for (const profile of PROFILES) {
    const tree = outcome(input, 'filter', () => parseFilter(input, profile));
    if (tree) checkTree(tree, input);
    outcome(input, 'order_by', () => parseOrderBy(input, profile as FilterProfile));
  }
}

describe('parseFilter and parseOrderBy: properties', () => {
  it('either parse random input or throw InvalidArgumentError with a position inside it', () => {
    fc.assert(fc.property(noise, parseEverywhere), RUNS);
  });

  it('either parse mutated valid filters or throw InvalidArgumentError with a position inside them', () => {
    fc.assert(
      fc.property(
        validFilterSample,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (sample, mutations) => parseEverywhere(mutate(sample.text, mutations)),
      ),
      RUNS,
    );
  });

  it('parse printed trees back to the same tree', () => {
    fc.assert(
      fc.property(validFilterSample, (sample) => {
        const parsed = parseFilter(sample.text, runFilterProfile) as FilterNode;
        expect(normalize(parsed)).to.deep.equal(normalize(sample.node));
        checkTree(parsed, sample.text);
      }),
      RUNS,
    );
  });
});
