import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { normalCdf, normalPpf } from '../src/index.js';
import { standardNormalCdfReference } from './standardNormalCdfReference.js';
import { thrownBy } from './thrownBy.js';

describe('normalPpf', () => {
  it('gives the textbook critical values', () => {
    // z(0.975) = 1.95996 39845 40054 and z(0.995) = 2.57582 93035 48901:
    // Abramowitz & Stegun, table 26.5 (1.960 and 2.576 in NIST/SEMATECH e-Handbook 1.3.6.7.1).
    expect(normalPpf(0.975)).to.be.closeTo(1.959963984540054, 1e-15);
    expect(normalPpf(0.995)).to.be.closeTo(2.575829303548901, 1e-15);
    expect(normalPpf(0.5)).to.equal(0);
    expect(normalPpf(0)).to.equal(Number.NEGATIVE_INFINITY);
    expect(normalPpf(1)).to.equal(Number.POSITIVE_INFINITY);
  });

  // In the tail d ln Φ(z)/dz ≈ |z|, so a relative error e in the quantile z shows up as a relative
  // error of about z²·e in Φ(z): the checks below divide the probability's error by z².
  const quantileError = (probability: number, target: number, z: number) =>
    Math.abs(probability / target - 1) / Math.max(1, z * z);

  it('inverts the first-principles CDF, far tails included', () => {
    // erfinv(2p - 1), the textbook formula, rounds 2p - 1 to -1 below p ≈ 1e-17 and answers -Infinity.
    for (const p of [1e-300, 1e-100, 1e-20, 1e-10, 1e-4, 0.01, 0.2, 0.4, 0.5 - 1e-12]) {
      const z = normalPpf(p);
      // stdlib's erfcinv drifts to 7e-14 relative below p = 1e-250. Above it the limit is the
      // reference's own cancellation (its series sums to 1/2 - 0.49 near z = -2.3).
      const tolerance = p < 1e-250 ? 1e-13 : 1e-14;
      expect(quantileError(standardNormalCdfReference(z), p, z), `p=${p}`).to.be.at.most(tolerance);
      if (1 - (1 - p) === p) expect(normalPpf(1 - p)).to.equal(-z);
    }
  });

  it('round-trips with normalCdf, with mean and sd', () => {
    for (const p of [1e-200, 1e-12, 0.001, 0.3, 0.5, 0.8, 0.999]) {
      const x = normalPpf(p, -4, 0.25);
      const z = (x + 4) / 0.25;
      expect(quantileError(normalCdf(x, -4, 0.25), p, z), `p=${p}`).to.be.at.most(1e-15);
      expect(x).to.be.closeTo(-4 + 0.25 * normalPpf(p), 1e-15);
    }
  });

  it('refuses probabilities outside [0, 1] with the field named', () => {
    const err = thrownBy(() => normalPpf(95));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).message).to.equal('p must be a probability between 0 and 1, got 95');
    expect((err as InvalidArgumentError).details).to.deep.equal({ field: 'p', reason: 'out_of_range' });
    expect(() => normalPpf(0.5, 0, 0)).to.throw(
      InvalidArgumentError,
      'sd must be a finite number greater than 0, got 0',
    );
  });
});
