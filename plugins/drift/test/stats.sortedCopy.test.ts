import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { ks2samp, sortedCopy } from '../src/index.js';
import { sharedSample } from './fixtures/sharedSample.js';

function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('sortedCopy', () => {
  it('sorts large samples (radix path) exactly as Float64Array.prototype.sort, negatives, zeros and infinities included', () => {
    const seed = 42;
    const values = sharedSample({ seed, n: 50_000, loc: 0, scale: 1e3, round: null });
    values[10] = -0;
    values[11] = 0;
    values[12] = Number.POSITIVE_INFINITY;
    values[13] = Number.NEGATIVE_INFINITY;
    values[14] = -Number.MIN_VALUE;
    values[15] = Number.MAX_VALUE;
    const before = values.slice();
    const sorted = sortedCopy(values);
    const expected = values.slice().sort();
    expect(sorted.length).to.equal(expected.length);
    const firstMismatch = sorted.findIndex((x, i) => !Object.is(x, expected[i]));
    expect(firstMismatch, `seed ${seed}`).to.equal(-1);
    expect(values).to.deep.equal(before);
  });

  it('sorts small samples and plain arrays', () => {
    expect([...sortedCopy([3, -1, 2])]).to.deep.equal([-1, 2, 3]);
  });
});

describe('ks2samp inputs and fallbacks', () => {
  it('leaves its inputs unsorted', () => {
    const a = Float64Array.from([3, 1, 2]);
    const b = [0.5, 2.5];
    ks2samp(a, b);
    expect([...a]).to.deep.equal([3, 1, 2]);
    expect(b).to.deep.equal([0.5, 2.5]);
  });

  it("switches 'exact' to 'asymp' with scipy's warning when lcm(n1, n2) is too large", () => {
    const a = sharedSample({ seed: 1, n: 100_003, loc: 0, scale: 1, round: null });
    const b = sharedSample({ seed: 2, n: 100_019, loc: 0, scale: 1, round: null });
    const r = ks2samp(a, b, { method: 'exact' });
    expect(r.method).to.equal('asymp');
    expect(r.warning).to.equal(
      "Exact ks_2samp calculation not possible with samples sizes 100003 and 100019. Switching to 'asymp'.",
    );
    expect(r.pValue).to.equal(ks2samp(a, b, { method: 'asymp' }).pValue);
  });

  it('gives D = 0 and p = 1 for identical samples, and D = 1 for disjoint ones', () => {
    const r = ks2samp([1, 2, 3], [3, 2, 1]);
    expect([r.statistic, r.pValue, r.method]).to.deep.equal([0, 1, 'exact']);
    const s = ks2samp([1, 2, 3], [4, 5, 6]);
    expect(s.statistic).to.equal(1);
    expect(s.statisticSign).to.equal(1);
    expect(s.pValue).to.be.closeTo(0.1, 1e-15);
  });

  it('rejects empty samples, NaN and unknown options, naming the field', () => {
    const empty = thrown(() => ks2samp([], [1]));
    expect(empty.message).to.equal('a must not be empty');
    expect(empty.details.field).to.equal('a');
    const nan = thrown(() => ks2samp([1], Float64Array.from([2, Number.NaN])));
    expect(nan.message).to.equal('b[1] must be a number (not NaN), got NaN');
    expect(nan.details.field).to.equal('b[1]');
    const alt = thrown(() => ks2samp([1], [2], { alternative: 'bigger' as 'less' }));
    expect(alt.message).to.equal('alternative must be one of two-sided, less, greater, got bigger');
    expect(thrown(() => ks2samp([1], [2], { method: 'fast' as 'auto' })).details.field).to.equal('method');
  });
});
