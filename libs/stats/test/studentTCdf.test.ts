import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { normalCdf, studentTCdf, studentTSf } from '../src/index.js';
import { expectRelativelyClose } from './expectRelativelyClose.js';
import { studentTCdfSeries } from './studentTCdfSeries.js';
import { thrownBy } from './thrownBy.js';

const grid = [-6, -3.5, -2, -1.25, -0.5, -0.01, 0, 0.01, 0.5, 1.25, 2, 3.5, 6];
const lowerTail = [-1e12, -1e6, -1e3, -50, -10, -3];

describe('studentTCdf and studentTSf', () => {
  it('gives 0.975 at the tabulated 97.5% point for df = 10', () => {
    // t(0.975, 10) = 2.228138852: R qt(0.975, 10) printed to 10 digits (the brief's value);
    // 2.228 in NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2.
    expect(studentTCdf(2.228138852, 10)).to.be.closeTo(0.975, 1e-10);
    expect(studentTSf(2.228138852, 10)).to.be.closeTo(0.025, 1e-10);
  });

  it('matches the closed forms for df = 1 (Cauchy) and df = 2, deep lower tail included', () => {
    // Past |x| = 1e154 stdlib's CDF underflows to 0; ours switches to the tail's power law.
    for (const x of [-1e300, -1e200, -1e160, -1e154, -1e150]) {
      expectRelativelyClose(studentTCdf(x, 1), Math.atan(-1 / x) / Math.PI, 1e-15, `df=1 x=${x}`);
    }
    for (const x of [...lowerTail, ...grid.filter((v) => v < 0)]) {
      // df = 1: F(x) = 1/2 + atan(x)/π = atan(-1/x)/π for x < 0 (no cancellation in the tail).
      expectRelativelyClose(studentTCdf(x, 1), Math.atan(-1 / x) / Math.PI, 1e-13, `df=1 x=${x}`);
      // df = 2: F(x) = 1/2 + x / (2√(2 + x²)) = 1 / (s(s - x)) with s = √(2 + x²), for x < 0.
      const s = Math.sqrt(2 + x * x);
      expectRelativelyClose(studentTCdf(x, 2), 1 / (s * (s - x)), 1e-13, `df=2 x=${x}`);
    }
  });

  it('matches the Abramowitz & Stegun 26.7.3/26.7.4 series for integer df', () => {
    for (const df of [3, 4, 5, 7, 10, 29, 30]) {
      for (const x of grid) {
        expect(studentTCdf(x, df), `df=${df} x=${x}`).to.be.closeTo(studentTCdfSeries(x, df), 1e-14);
      }
    }
  });

  it('is symmetric, and sf(x) = cdf(-x) = 1 - cdf(x), for fractional df too', () => {
    for (const df of [0.5, 1, 2.5, 17.776473516178495, 1000]) {
      for (const x of grid) {
        expect(studentTCdf(x, df) + studentTCdf(-x, df), `df=${df} x=${x}`).to.be.closeTo(1, 1e-15);
        expect(studentTSf(x, df)).to.equal(studentTCdf(-x, df));
      }
    }
    expect(studentTCdf(0, 7.5)).to.equal(0.5);
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 3)).to.equal(0);
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).to.equal(1);
  });

  it('keeps small upper-tail probabilities exact instead of rounding 1 - cdf to 0', () => {
    // P(T > 1e6) for df = 1 is atan(1e-6)/π ≈ 3.18e-7; for df = 2 it is 1/(s(s + x)) ≈ 5e-13.
    expectRelativelyClose(studentTSf(1e6, 1), Math.atan(1e-6) / Math.PI, 1e-13);
    const s = Math.sqrt(2 + 1e12);
    expectRelativelyClose(studentTSf(1e6, 2), 1 / (s * (s + 1e6)), 1e-13);
  });

  it('tends to the normal distribution and equals it at df = Infinity', () => {
    for (const x of grid) {
      expect(studentTCdf(x, Number.POSITIVE_INFINITY)).to.equal(normalCdf(x));
      // The t and normal CDFs differ by about φ(x)(x³ + x)/(4·df): below 1e-12 at df = 1e12.
      expect(studentTCdf(x, 1e12)).to.be.closeTo(normalCdf(x), 1e-12);
    }
  });

  it('refuses NaN x and non-positive df with the field named', () => {
    const cases: [() => number, string, string][] = [
      [() => studentTCdf(Number.NaN, 3), 'x', 'x must be a number, got NaN'],
      [() => studentTSf(Number.NaN, 3), 'x', 'x must be a number, got NaN'],
      [() => studentTCdf(1, 0), 'df', 'df must be a number greater than 0, got 0'],
      [() => studentTCdf(1, -2), 'df', 'df must be a number greater than 0, got -2'],
      [() => studentTSf(1, Number.NaN), 'df', 'df must be a number greater than 0, got NaN'],
    ];
    for (const [call, field, message] of cases) {
      const err = thrownBy(call);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message).to.equal(message);
      expect((err as InvalidArgumentError).details).to.deep.equal({ field, reason: 'out_of_range' });
    }
  });
});
