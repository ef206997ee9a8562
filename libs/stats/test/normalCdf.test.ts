import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { normalCdf, normalSf } from '../src/index.js';
import { expectRelativelyClose } from './expectRelativelyClose.js';
import { standardNormalCdfReference } from './standardNormalCdfReference.js';
import { thrownBy } from './thrownBy.js';

describe('normalCdf and normalSf', () => {
  it('gives the textbook values', () => {
    expect(normalCdf(0)).to.equal(0.5);
    // Φ(1.96) = 0.97500 21048 51780: Abramowitz & Stegun, table 26.1.
    expect(normalCdf(1.96)).to.be.closeTo(0.97500210485178, 1e-15);
    // Φ(-1) = erfc(1/√2)/2 = 0.15865 52539 31457 (the "68%" rule's tail).
    expect(normalCdf(-1)).to.be.closeTo(0.158655253931457, 1e-15);
  });

  it('matches the erf series in the centre and the Mills-ratio continued fraction in the tails', () => {
    for (let x = -3; x <= 3; x += 0.125) {
      // The series sums to 1/2 ± 0.499 near |x| = 3, so the reference itself is good to ~3e-16 absolute.
      expect(normalCdf(x), `x=${x}`).to.be.closeTo(standardNormalCdfReference(x), 1e-15);
    }
    for (const x of [-3.5, -5, -8, -10, -20, -30, -37.5]) {
      // stdlib's erfc is good to 1e-14 relative down to x = -20 and to 1.4e-13 down to -37.5.
      expectRelativelyClose(normalCdf(x), standardNormalCdfReference(x), 2e-13, `x=${x}`);
      expectRelativelyClose(normalSf(-x), standardNormalCdfReference(x), 2e-13, `x=${-x}`);
    }
  });

  it('is symmetric, and shifts and scales with mean and sd', () => {
    for (const x of [-4, -1.5, -0.2, 0, 0.7, 2.5]) {
      expect(normalCdf(x) + normalCdf(-x)).to.be.closeTo(1, 1e-16);
      expect(normalSf(x)).to.equal(normalCdf(-x));
      expect(normalCdf(10 + 3 * x, 10, 3)).to.be.closeTo(normalCdf(x), 1e-15);
      expect(normalSf(10 + 3 * x, 10, 3)).to.be.closeTo(normalSf(x), 1e-15);
    }
    expect(normalCdf(Number.NEGATIVE_INFINITY)).to.equal(0);
    expect(normalSf(Number.POSITIVE_INFINITY)).to.equal(0);
  });

  it('refuses NaN x, a non-finite mean and a non-positive sd with the field named', () => {
    const cases: [() => number, string, string][] = [
      [() => normalCdf(Number.NaN), 'x', 'x must be a number, got NaN'],
      [() => normalSf(0, Number.POSITIVE_INFINITY), 'mean', 'mean must be a finite number, got Infinity'],
      [() => normalCdf(0, 0, 0), 'sd', 'sd must be a finite number greater than 0, got 0'],
      [() => normalSf(0, 0, -1), 'sd', 'sd must be a finite number greater than 0, got -1'],
    ];
    for (const [call, field, message] of cases) {
      const err = thrownBy(call);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message).to.equal(message);
      expect((err as InvalidArgumentError).details).to.deep.equal({ field, reason: 'out_of_range' });
    }
  });
});
