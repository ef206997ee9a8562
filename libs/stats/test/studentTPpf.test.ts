import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { normalPpf, studentTCdf, studentTPpf } from '../src/index.js';
import { expectRelativelyClose } from './expectRelativelyClose.js';
import { studentTCdfSeries } from './studentTCdfSeries.js';
import { thrownBy } from './thrownBy.js';

const probabilities = [
  1e-300,
  1e-100,
  1e-20,
  1e-8,
  1e-3,
  0.01,
  0.025,
  0.1,
  0.2499,
  0.25,
  0.3,
  0.45,
  0.49,
  0.4999,
  0.49999999,
  0.5 - 1e-12,
  0.5 + 1e-12,
  0.50000001,
  0.5001,
  0.51,
  0.55,
  0.7,
  0.75,
  0.7501,
  0.9,
  0.975,
  0.999,
  1 - 1e-8,
];

describe('studentTPpf', () => {
  it('reproduces tabulated critical values', () => {
    // R qt(0.975, 10), printed to 10 digits (the brief's reference value).
    expect(studentTPpf(0.975, 10)).to.be.closeTo(2.228138852, 5e-10);
    // NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2 (three decimals).
    expect(studentTPpf(0.95, 5)).to.be.closeTo(2.015, 5e-4);
    expect(studentTPpf(0.99, 20)).to.be.closeTo(2.528, 5e-4);
    expect(studentTPpf(0.975, 100)).to.be.closeTo(1.984, 5e-4);
    expect(studentTPpf(0.995, 30)).to.be.closeTo(2.75, 5e-4);
    expect(studentTPpf(0.9, 1)).to.be.closeTo(3.078, 5e-4);
  });

  it('matches the closed-form quantiles for df = 1 and df = 2, tails and centre', () => {
    for (const p of probabilities) {
      // df = 1 (Cauchy): x = tan(π(p - 1/2)); written as -1/tan(πp) below 1/4 and 1/tan(π(1 - p))
      // above 3/4 so that the reference itself does not lose digits to the rounding of p - 1/2.
      const cauchy =
        p < 0.25
          ? -1 / Math.tan(Math.PI * p)
          : p > 0.75
            ? 1 / Math.tan(Math.PI * (1 - p))
            : Math.tan(Math.PI * (p - 0.5));
      expectRelativelyClose(studentTPpf(p, 1), cauchy, 1e-13, `df=1 p=${p}`);
      // df = 2: x = (2p - 1) / √(2p(1 - p)).
      expectRelativelyClose(
        studentTPpf(p, 2),
        (2 * p - 1) / Math.sqrt(2 * p * (1 - p)),
        1e-13,
        `df=2 p=${p}`,
      );
    }
  });

  it('inverts the Abramowitz & Stegun series CDF for integer df', () => {
    for (const df of [3, 4, 5, 10, 30]) {
      for (const p of [0.01, 0.025, 0.1, 0.3, 0.45, 0.4999, 0.5001, 0.7, 0.9, 0.99]) {
        expect(studentTCdfSeries(studentTPpf(p, df), df), `df=${df} p=${p}`).to.be.closeTo(p, 1e-14);
      }
    }
  });

  it('round-trips with studentTCdf for fractional df, tail probabilities to 1e-12 relative', () => {
    for (const df of [0.7, 1.5, 3.25, 17.776473516178495, 123.4, 1e6, 1e10]) {
      // For df = 0.7 the 1e-300 quantile is about -1e428, beyond the doubles (see the next test).
      for (const p of probabilities.filter((q) => df >= 1 || q > 1e-200)) {
        const x = studentTPpf(p, df);
        const tail = p < 0.5 ? studentTCdf(x, df) : studentTCdf(-x, df);
        expectRelativelyClose(tail, Math.min(p, 1 - p), 1e-12, `df=${df} p=${p}`);
        // Symmetry, where 1 - p is exact (it rounds to 1 for p = 1e-20, say).
        if (1 - (1 - p) === p) expect(studentTPpf(1 - p, df)).to.equal(-x);
      }
    }
  });

  it('answers -Infinity only where the true quantile is beyond the largest double', () => {
    // P(T < -x) falls like x^-df: for df = 0.7 and p = 1e-300, x is of order 1e-300^(-1/0.7) = 1e428.
    expect(studentTPpf(1e-300, 0.7)).to.equal(Number.NEGATIVE_INFINITY);
    // For df = 2 even the smallest subnormal has a finite quantile, -1/√(2p) to leading order.
    expectRelativelyClose(studentTPpf(5e-324, 2), -1 / Math.sqrt(2 * 5e-324), 1e-15);
  });

  it('keeps its digits next to p = 0.5, where inverting the tail probability loses them', () => {
    // Near 0 the quantile is (p - 1/2)/f(0); for df = 5, f(0) = Γ(3)/(√(5π)Γ(5/2)) = 8/(3π√5).
    // The next term is O(x³), far below double precision at x ≈ 2.6e-8.
    const f0 = 8 / (3 * Math.PI * Math.sqrt(5));
    expectRelativelyClose(studentTPpf(0.49999999, 5), (0.49999999 - 0.5) / f0, 1e-14);
    expectRelativelyClose(studentTPpf(0.5 + 2 ** -40, 5), 2 ** -40 / f0, 1e-14);
  });

  it('joins the normal quantile smoothly for huge df and equals it at df = Infinity', () => {
    for (const p of probabilities) {
      expect(studentTPpf(p, Number.POSITIVE_INFINITY)).to.equal(normalPpf(p));
      // Either side of the switch to the Cornish-Fisher form at df = 1e14. The tolerance is set by
      // stdlib's erfcinv, whose relative error grows from 1e-16 to 7e-14 as p falls below 1e-250.
      expectRelativelyClose(studentTPpf(p, 1e14 * (1 - 1e-9)), studentTPpf(p, 1e14), 1e-13, `p=${p}`);
    }
  });

  it('gives the ends of the real line at p = 0 and 1, and 0 at p = 0.5', () => {
    expect(studentTPpf(0, 4)).to.equal(Number.NEGATIVE_INFINITY);
    expect(studentTPpf(1, 4)).to.equal(Number.POSITIVE_INFINITY);
    expect(studentTPpf(0, Number.POSITIVE_INFINITY)).to.equal(Number.NEGATIVE_INFINITY);
    expect(studentTPpf(0.5, 4)).to.equal(0);
  });

  it('refuses probabilities outside [0, 1] and non-positive df with the field named', () => {
    const cases: [() => number, string, string][] = [
      [() => studentTPpf(1.5, 3), 'p', 'p must be a probability between 0 and 1, got 1.5'],
      [() => studentTPpf(-0.1, 3), 'p', 'p must be a probability between 0 and 1, got -0.1'],
      [() => studentTPpf(Number.NaN, 3), 'p', 'p must be a probability between 0 and 1, got NaN'],
      [() => studentTPpf(0.5, 0), 'df', 'df must be a number greater than 0, got 0'],
    ];
    for (const [call, field, message] of cases) {
      const err = thrownBy(call);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message).to.equal(message);
      expect((err as InvalidArgumentError).details).to.deep.equal({ field, reason: 'out_of_range' });
    }
  });
});
