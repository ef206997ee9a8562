import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { hedgesCorrection } from '../src/index.js';
import { expectRelativelyClose } from './expectRelativelyClose.js';
import { thrownBy } from './thrownBy.js';

describe('hedgesCorrection', () => {
  it('matches J(m) = Γ(m/2) / (√(m/2) Γ((m-1)/2)) built from Γ(x + 1) = x Γ(x)', () => {
    // R(m) = Γ(m/2)/Γ((m-1)/2): R(2) = Γ(1)/Γ(1/2) = 1/√π, R(3) = Γ(3/2)/Γ(1) = √π/2 and
    // R(m + 2) = R(m) · (m/2) / ((m-1)/2). Hedges (1981), J&B Statistics 6(2), eq. 6e.
    const ratio = [Number.NaN, Number.NaN, 1 / Math.sqrt(Math.PI), Math.sqrt(Math.PI) / 2];
    for (let m = 4; m <= 2000; m++) ratio[m] = (ratio[m - 2] as number) * ((m - 2) / (m - 3));
    for (let m = 2; m <= 2000; m++) {
      expectRelativelyClose(hedgesCorrection(m), (ratio[m] as number) / Math.sqrt(m / 2), 1e-13, `m=${m}`);
    }
  });

  it('gives J(18) = Γ(9) / (3 Γ(17/2)) for two groups of 10', () => {
    // Γ(9) = 8! = 40320 and Γ(17/2) = (15!! / 2^8) √π = 2027025 √π / 256.
    expectRelativelyClose(hedgesCorrection(18), (40320 * 256) / (3 * 2027025 * Math.sqrt(Math.PI)), 1e-15);
  });

  // The gap is about 1/(32m²); 2^-51 allows for two roundings of numbers next to 1.
  it('approaches 1 like the approximation 1 - 3/(4m - 1), whose error is O(1/m²)', () => {
    expect(hedgesCorrection(2)).to.be.closeTo(1 / Math.sqrt(Math.PI), 1e-16);
    for (const m of [1e3, 1e6, 1e9, 1e12]) {
      expect(Math.abs(hedgesCorrection(m) - (1 - 3 / (4 * m - 1))), `m=${m}`).to.be.below(
        1 / (m * m) + 2 ** -51,
      );
    }
    expect(hedgesCorrection(10.5)).to.be.within(hedgesCorrection(10), hedgesCorrection(11));
  });

  it('refuses m of 1 or less, NaN and Infinity', () => {
    for (const m of [1, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      const err = thrownBy(() => hedgesCorrection(m));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message).to.equal(
        `m must be a finite number greater than 1, got ${m}`,
      );
      expect((err as InvalidArgumentError).details).to.deep.equal({ field: 'm', reason: 'out_of_range' });
    }
  });
});
