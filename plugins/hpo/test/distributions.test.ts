import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  categoricalDistribution,
  containsValue,
  floatDistribution,
  intDistribution,
  isSingleValued,
  sameDistribution,
} from '../src/index.js';

function errorOf(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('distributions', () => {
  it('builds float, int and categorical distributions with their defaults', () => {
    expect(floatDistribution('x', -1, 1)).to.deep.equal({ kind: 'float', low: -1, high: 1, log: false });
    expect(floatDistribution('lr', 1e-5, 1, { log: true })).to.deep.equal({
      kind: 'float',
      low: 1e-5,
      high: 1,
      log: true,
    });
    expect(floatDistribution('d', 0, 1, { step: 0.1 })).to.deep.equal({
      kind: 'float',
      low: 0,
      high: 1,
      log: false,
      step: 0.1,
    });
    expect(intDistribution('n', 1, 9, { step: 2 })).to.deep.equal({
      kind: 'int',
      low: 1,
      high: 9,
      log: false,
      step: 2,
    });
    expect(categoricalDistribution('c', ['a', 1, true, null])).to.deep.equal({
      kind: 'categorical',
      choices: ['a', 1, true, null],
    });
  });

  it('rejects bad ranges with a message naming the parameter', () => {
    const cases: [() => unknown, string][] = [
      [() => floatDistribution('x', 2, 1), 'parameter "x": low (2) must not be greater than high (1)'],
      [
        () => floatDistribution('lr', 0, 1, { log: true }),
        'parameter "lr": a log scale needs low > 0, got 0',
      ],
      [
        () => floatDistribution('d', 0, 1, { step: 0.3 }),
        'parameter "d": step 0.3 does not divide the range [0, 1]',
      ],
      [
        () => floatDistribution('d', 0, 1, { step: -1 }),
        'parameter "d": step must be a positive number, got -1',
      ],
      [
        () => floatDistribution('d', 1, 2, { step: 0.5, log: true }),
        'parameter "d": a log scale cannot have a step (got 0.5)',
      ],
      [
        () => floatDistribution('x', 0, Number.POSITIVE_INFINITY),
        'parameter "x": high must be a finite number, got Infinity',
      ],
      [() => intDistribution('n', 0, 10, { log: true }), 'parameter "n": a log scale needs low >= 1, got 0'],
      [
        () => intDistribution('n', 0, 10, { step: 3 }),
        'parameter "n": step 3 does not divide the range [0, 10]',
      ],
      [() => intDistribution('n', 0.5, 10), 'parameter "n": low and high must be integers, got 0.5 and 10'],
      [
        () => intDistribution('n', 1, 9, { step: 2, log: true }),
        'parameter "n": a log scale cannot have a step (got 2)',
      ],
      [() => categoricalDistribution('c', []), 'parameter "c": choices must be a non-empty array'],
      [() => categoricalDistribution('c', ['a', 'a']), 'parameter "c": choice "a" appears twice'],
      [() => categoricalDistribution('c', [Number.NaN]), 'parameter "c": choice NaN is not a finite number'],
    ];
    for (const [fn, message] of cases) {
      const error = errorOf(fn);
      expect(error.message).to.equal(message);
      expect(error.details.field).to.equal(message.slice(11, message.indexOf('"', 11)));
    }
  });

  it('accepts a decimal step despite floating-point division', () => {
    expect(floatDistribution('d', 0, 0.3, { step: 0.1 }).kind).to.equal('float');
    expect(containsValue(floatDistribution('d', 0, 0.3, { step: 0.1 }), 0.1 * 2)).to.equal(true);
  });

  it('tells which values a distribution contains', () => {
    const d = floatDistribution('d', 0, 1, { step: 0.25 });
    expect([0, 0.25, 1].map((v) => containsValue(d, v))).to.deep.equal([true, true, true]);
    expect([0.3, 1.25, -0.25, 'a'].map((v) => containsValue(d, v))).to.deep.equal([
      false,
      false,
      false,
      false,
    ]);
    const n = intDistribution('n', 1, 9, { step: 2 });
    expect([1, 3, 9, 2, 1.5, 11].map((v) => containsValue(n, v))).to.deep.equal([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    const c = categoricalDistribution('c', ['a', 1, null]);
    expect(['a', 1, null, '1', 'b'].map((v) => containsValue(c, v))).to.deep.equal([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('compares distributions and finds single-valued ones', () => {
    expect(sameDistribution(floatDistribution('x', 0, 1), floatDistribution('y', 0, 1))).to.equal(true);
    expect(sameDistribution(floatDistribution('x', 0, 1), floatDistribution('x', 0, 2))).to.equal(false);
    expect(sameDistribution(floatDistribution('x', 1, 2), intDistribution('x', 1, 2))).to.equal(false);
    expect(sameDistribution(categoricalDistribution('c', ['a']), floatDistribution('x', 0, 1))).to.equal(
      false,
    );
    expect(
      sameDistribution(categoricalDistribution('c', ['a', 'b']), categoricalDistribution('c', ['b', 'a'])),
    ).to.equal(false);
    expect(isSingleValued(floatDistribution('x', 1, 1))).to.equal(true);
    expect(isSingleValued(intDistribution('n', 3, 3))).to.equal(true);
    expect(isSingleValued(categoricalDistribution('c', ['only']))).to.equal(true);
    expect(isSingleValued(floatDistribution('x', 0, 1))).to.equal(false);
  });
});
