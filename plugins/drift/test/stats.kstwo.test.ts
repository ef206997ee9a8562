import { expect } from 'chai';
import { kstwoSf, smirnovSf } from '../src/index.js';
import { closeTo, scipyReference } from './fixtures/scipyReference.js';

describe(`kstwoSf and smirnovSf agree with scipy ${scipyReference.producedBy.scipy}`, () => {
  it("kstwo.sf in every region of Simard and L'Ecuyer (Ruben-Gambino, Durbin, Pomeranz, Pelz-Good, Smirnov)", () => {
    const off = scipyReference.kstwo.filter((r) => !closeTo(kstwoSf(r.x, r.n), r.sf));
    expect(off.map((r) => `n=${r.n} x=${r.x}: ${kstwoSf(r.x, r.n)} vs ${r.sf}`)).to.deep.equal([]);
    expect(scipyReference.kstwo.length).to.be.greaterThan(150);
  });

  it('smirnov (one-sided), including the n > 1,000,000 approximation', () => {
    const off = scipyReference.smirnov.filter((r) => !closeTo(smirnovSf(r.n, r.x), r.sf));
    expect(off.map((r) => `n=${r.n} x=${r.x}: ${smirnovSf(r.n, r.x)} vs ${r.sf}`)).to.deep.equal([]);
  });

  it('has the closed forms at the edges of the support', () => {
    expect(kstwoSf(0, 10)).to.equal(1);
    expect(kstwoSf(0.05, 10)).to.equal(1); // below 1/(2n)
    expect(kstwoSf(1, 10)).to.equal(0);
    expect(kstwoSf(0.95, 10)).to.be.closeTo(2 * 0.05 ** 10, 1e-25);
    expect(kstwoSf(0.5, 1.5)).to.be.NaN;
    expect(smirnovSf(1, 0.3)).to.be.closeTo(0.7, 1e-15);
  });
});
