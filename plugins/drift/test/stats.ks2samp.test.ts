import { expect } from 'chai';
import { ks2samp } from '../src/index.js';
import { closeTo, scipyReference } from './fixtures/scipyReference.js';
import { sharedSample } from './fixtures/sharedSample.js';

function samplesOf(c: (typeof scipyReference.ks2samp)[number]): [Float64Array, Float64Array] {
  if (c.samplesA && c.samplesB) return [Float64Array.from(c.samplesA), Float64Array.from(c.samplesB)];
  const a = sharedSample(c.a);
  const b = sharedSample(c.b);
  return [a, b];
}

const sum = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0);

describe(`ks2samp agrees with scipy ${scipyReference.producedBy.scipy} to 1e-9`, () => {
  for (const c of scipyReference.ks2samp) {
    describe(c.name, () => {
      const [a, b] = samplesOf(c);
      it('draws the same samples as the fixture script', () => {
        expect(a.length).to.equal(c.a.n);
        expect(b.length).to.equal(c.b.n);
        expect(closeTo(sum(a), c.sumA, 1e-12, 1e-9), `sum(a) ${sum(a)} vs ${c.sumA}`).to.equal(true);
        expect(closeTo(sum(b), c.sumB, 1e-12, 1e-9), `sum(b) ${sum(b)} vs ${c.sumB}`).to.equal(true);
      });
      for (const ref of c.results) {
        it(`${ref.alternative}, method ${ref.method}`, () => {
          const r = ks2samp(a, b, { alternative: ref.alternative, method: ref.method });
          const where = `${c.name} ${ref.alternative} ${ref.method}`;
          expect(
            closeTo(r.statistic, ref.statistic),
            `${where}: D ${r.statistic} vs ${ref.statistic}`,
          ).to.equal(true);
          expect(closeTo(r.pValue, ref.pValue), `${where}: p ${r.pValue} vs ${ref.pValue}`).to.equal(true);
          expect(r.statisticLocation).to.equal(ref.statisticLocation);
          expect(r.statisticSign).to.equal(ref.statisticSign);
          expect(r.warning).to.equal(ref.warning ?? undefined);
          const expectedMethod =
            ref.method === 'auto' ? (Math.max(a.length, b.length) <= 10000 ? 'exact' : 'asymp') : ref.method;
          expect(r.method).to.equal(ref.warning ? 'asymp' : expectedMethod);
          expect(r.effectSize).to.deep.equal({ name: 'ks_d', value: r.statistic });
          expect([r.n1, r.n2]).to.deep.equal([a.length, b.length]);
        });
      }
    });
  }
});
