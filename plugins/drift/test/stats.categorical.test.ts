import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { chi2Contingency, chi2GoodnessOfFit, zTestProportions } from '../src/index.js';
import { closeTo, scipyReference } from './fixtures/scipyReference.js';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('chi2Contingency agrees with scipy.stats.chi2_contingency', () => {
  for (const ref of scipyReference.chi2Contingency) {
    it(`${JSON.stringify(ref.table)}, correction ${ref.correction}`, () => {
      const r = chi2Contingency(ref.table, { correction: ref.correction });
      expect(closeTo(r.statistic, ref.statistic), `${r.statistic} vs ${ref.statistic}`).to.equal(true);
      expect(closeTo(r.pValue, ref.pValue), `${r.pValue} vs ${ref.pValue}`).to.equal(true);
      expect(r.dof).to.equal(ref.dof);
      const flat = ref.expected.flat();
      for (const [i, e] of r.expected.flat().entries())
        expect(closeTo(e, flat[i]!), `expected[${i}]`).to.equal(true);
      expect(r.effectSize.name).to.equal('cramers_v');
      expect(closeTo(r.effectSize.value, ref.cramersV)).to.equal(true);
      const rowTotal = (row: number[]) => row.reduce((s, x) => s + x, 0);
      expect(r.n1).to.equal(rowTotal(ref.table[0]!));
      expect(r.n2).to.equal(ref.table.slice(1).reduce((s, row) => s + rowTotal(row), 0));
    });
  }

  it('rejects a table with an all-zero category, naming the field', () => {
    const err = thrown(() =>
      chi2Contingency([
        [1, 0],
        [2, 0],
      ]),
    );
    expect(err.message).to.equal(
      'table has an expected frequency of 0 at [0][1]: drop empty rows and categories before testing',
    );
    expect(err.details.field).to.equal('table');
    expect(
      thrown(() =>
        chi2Contingency([
          [1, -2],
          [2, 3],
        ]),
      ).details.field,
    ).to.equal('table[0][1]');
    expect(thrown(() => chi2Contingency([[1, 2], [2]])).message).to.equal(
      'table row 1 has 1 cells, expected 2',
    );
  });
});

describe("Evidently's chi-square goodness of fit and z-test (scipy-computed references)", () => {
  for (const ref of scipyReference.categorical) {
    const name = `${JSON.stringify(ref.reference)} vs ${JSON.stringify(ref.current)}`;
    it(`chi2GoodnessOfFit ${name}`, () => {
      const r = chi2GoodnessOfFit(counts(ref.reference), counts(ref.current));
      expect(
        closeTo(r.statistic, ref.chi2gof.statistic),
        `${r.statistic} vs ${ref.chi2gof.statistic}`,
      ).to.equal(true);
      expect(closeTo(r.pValue, ref.chi2gof.pValue), `${r.pValue} vs ${ref.chi2gof.pValue}`).to.equal(true);
      expect(closeTo(r.effectSize.value, ref.cramersV)).to.equal(true);
    });
    const z = ref.z;
    if (z) {
      it(`zTestProportions ${name}`, () => {
        const r = zTestProportions(counts(ref.reference), counts(ref.current));
        expect(closeTo(r.statistic, z.statistic), `${r.statistic} vs ${z.statistic}`).to.equal(true);
        expect(closeTo(r.pValue, z.pValue), `${r.pValue} vs ${z.pValue}`).to.equal(true);
        expect(r.effectSize).to.deep.include({ name: 'cohens_h' });
        expect(closeTo(r.effectSize.value, z.cohensH)).to.equal(true);
      });
    }
  }

  it('over-reports drift with a small reference where the contingency test does not', () => {
    const ref = counts({ a: 12, b: 8 });
    const cur = counts({ a: 460, b: 540 });
    expect(chi2GoodnessOfFit(ref, cur).pValue).to.be.lessThan(0.05);
    expect(
      chi2Contingency([
        [12, 8],
        [460, 540],
      ]).pValue,
    ).to.be.greaterThan(0.05);
  });

  it('gives a p-value of 0 when the current data has a category the reference never saw', () => {
    const r = chi2GoodnessOfFit(counts({ a: 10 }), counts({ a: 10, b: 1 }));
    expect(r.statistic).to.equal(Number.POSITIVE_INFINITY);
    expect(r.pValue).to.equal(0);
  });

  it('z-test: p = 1 for one shared category; rejects a non-binary column and empty counts', () => {
    expect(zTestProportions(counts({ a: 3 }), counts({ a: 5 })).pValue).to.equal(1);
    const err = thrown(() => zTestProportions(counts({ a: 3, b: 1 }), counts({ c: 5 })));
    expect(err.message).to.equal('z-test for proportions needs a binary column, got 3 categories: a, b, c');
    expect(err.details.field).to.equal('current');
    const empty = thrown(() => zTestProportions(counts({ a: 0 }), counts({ a: 5 })));
    expect(empty.message).to.equal('reference must hold at least one observation');
    expect(empty.details.field).to.equal('reference');
    expect(
      thrown(() => chi2GoodnessOfFit(counts({ a: 1 }), counts({ a: Number.NaN }))).details.field,
    ).to.equal('current.a');
  });
});
