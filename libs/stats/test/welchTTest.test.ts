import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  hedgesCorrection,
  studentTPpf,
  studentTSf,
  type WelchTTestOptions,
  welchTTest,
} from '../src/index.js';
import { expectRelativelyClose } from './expectRelativelyClose.js';
import { thrownBy } from './thrownBy.js';

// R's `sleep` data set (Cushny & Peebles 1905, as used by Student 1908): extra hours of sleep
// under drug 1 and drug 2. R documentation, datasets/man/sleep.Rd.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('welchTTest', () => {
  it("reproduces R's t.test(extra ~ group, data = sleep)", () => {
    const r = welchTTest(drug1, drug2);
    // R prints: t = -1.8608, df = 17.776, p-value = 0.07939, 95 percent confidence interval:
    // -3.3654832 0.2054832 (stats/man/t.test.Rd example). Full-precision R values from
    // easystats/parameters tests/testthat/test-model_parameters.htest.R, which wraps that t.test.
    expectRelativelyClose(r.statistic, -1.86081346748685, 1e-13, 'statistic');
    expectRelativelyClose(r.df, 17.7764735161785, 1e-13, 'df');
    expectRelativelyClose(r.pValue, 0.0793941401873582, 1e-12, 'pValue');
    expectRelativelyClose(r.confidenceInterval[0], -3.36548323071171, 1e-13, 'ci low');
    expectRelativelyClose(r.confidenceInterval[1], 0.20548323071171, 1e-12, 'ci high');
    expect(r.meanA).to.be.closeTo(0.75, 1e-15);
    expect(r.meanB).to.be.closeTo(2.33, 1e-15);
    expect(r.meanDifference).to.be.closeTo(-1.58, 1e-15);
    expect([r.nA, r.nB, r.confidenceLevel, r.alternative]).to.deep.equal([10, 10, 0.95, 'two-sided']);
    // sd from first principles: Σ(x - mean)² is 28.805 for drug 1 and 36.081 for drug 2.
    expect(r.sdA).to.be.closeTo(Math.sqrt(28.805 / 9), 1e-15);
    expect(r.sdB).to.be.closeTo(Math.sqrt(36.081 / 9), 1e-15);
    expect(r.standardError).to.be.closeTo(Math.sqrt((28.805 + 36.081) / 90), 1e-15);
  });

  it('gives Cohen d with the pooled SD and Hedges g with the exact J', () => {
    const r = welchTTest(drug1, drug2);
    // Cohens_d = -0.83218108134954 (same easystats/parameters test): -1.58 / √((28.805 + 36.081) / 18).
    expectRelativelyClose(r.cohenD, -0.83218108134954, 1e-13, 'cohenD');
    expectRelativelyClose(r.cohenD, -1.58 / Math.sqrt((28.805 + 36.081) / 18), 1e-14, 'cohenD');
    // That test's Hedges_g = -0.797018500447446 is d times the approximation J ≈ 1 - 3/(4(nA + nB) - 9)
    // = 68/71; ours uses the exact J(18), so the two differ by exactly that ratio.
    expectRelativelyClose(
      r.hedgesG,
      (-0.797018500447446 * hedgesCorrection(18)) / (68 / 71),
      1e-13,
      'hedgesG',
    );
    expectRelativelyClose(r.hedgesG, r.cohenD * hedgesCorrection(18), 1e-15, 'hedgesG');
  });

  it("reproduces R's t.test(1:10, y = c(7:20)) and its outlier example", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const r = welchTTest(x, y);
    // stats/man/t.test.Rd: "t.test(1:10, y = c(7:20))      # P = .00001855".
    expect(r.pValue).to.be.closeTo(0.00001855, 5e-9);
    // First principles: var(1:10) = 55/6 and var(7:20) = 35/2, so se² = 11/12 + 5/4 = 13/6 and
    // df = (13/6)² / ((11/12)²/9 + (5/4)²/13).
    expectRelativelyClose(r.statistic, -8 / Math.sqrt(13 / 6), 1e-15, 'statistic');
    expectRelativelyClose(r.df, (13 / 6) ** 2 / ((11 / 12) ** 2 / 9 + (5 / 4) ** 2 / 13), 1e-15, 'df');
    expectRelativelyClose(r.pValue, 2 * studentTSf(8 / Math.sqrt(13 / 6), r.df), 1e-14, 'pValue');
    // "t.test(1:10, y = c(7:20, 200)) # P = .1245    -- NOT significant anymore".
    expect(welchTTest(x, [...y, 200]).pValue).to.be.closeTo(0.1245, 5e-5);
  });

  it('reproduces a published R session (exam scores, unequal variances)', () => {
    // finnstats.com, "Unequal Variance t-test in R: Welch's t-Test" (2022-05-06), R's t.test(A, B):
    // t = 2.1245, df = 21.914, p-value = 0.04515, 95% CI 0.2046142 17.1287192, means 84.5 75.83333.
    const r = welchTTest(
      [80, 75, 78, 99, 91, 71, 72, 88, 82, 81, 99, 98],
      [54, 85, 61, 75, 80, 88, 77, 76, 74, 76, 83, 81],
    );
    expect(r.statistic).to.be.closeTo(2.1245, 5e-5);
    expect(r.df).to.be.closeTo(21.914, 5e-4);
    expect(r.pValue).to.be.closeTo(0.04515, 5e-6);
    expect(r.confidenceInterval[0]).to.be.closeTo(0.2046142, 5e-8);
    expect(r.confidenceInterval[1]).to.be.closeTo(17.1287192, 5e-8);
    expect(r.meanB).to.be.closeTo(75.83333, 5e-6);
  });

  it("reproduces ClickHouse's welchTTest reference p-values", () => {
    // Three data sets with p-values to 15 digits, from
    // ClickHouse/ClickHouse tests/queries/0_stateless/01322_welch_ttest.sql.
    const cases: [number[], number[], number][] = [
      [
        [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
        [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
        0.021378001462867,
      ],
      [
        [30.02, 29.99, 30.11, 29.97, 30.01, 29.99],
        [29.89, 29.93, 29.72, 29.98, 30.02, 29.98],
        0.090773324285671,
      ],
      [[0.010268, 0.000167, 0.000167], [0.159258, 0.136278, 0.122389], 0.00339907162713746],
    ];
    for (const [a, b, p] of cases) expectRelativelyClose(welchTTest(a, b).pValue, p, 1e-12, `p=${p}`);
  });

  it('computes one-sided p-values and intervals like scipy (alternative less / greater)', () => {
    const twoSided = welchTTest(drug1, drug2);
    const less = welchTTest(drug1, drug2, { alternative: 'less' });
    const greater = welchTTest(drug1, drug2, { alternative: 'greater' });
    // t < 0, so P(T < t) is half the two-sided p-value and P(T > t) the rest.
    expectRelativelyClose(less.pValue, twoSided.pValue / 2, 1e-15, 'less');
    expectRelativelyClose(greater.pValue, 1 - twoSided.pValue / 2, 1e-15, 'greater');
    // scipy: less → (-inf, d + t_{0.95}·se), greater → (d + t_{0.05}·se, inf); these are the
    // upper and lower ends of the two-sided 90% interval.
    const ninety = welchTTest(drug1, drug2, { confidenceLevel: 0.9 });
    expect(less.confidenceInterval[0]).to.equal(Number.NEGATIVE_INFINITY);
    expect(less.confidenceInterval[1]).to.be.closeTo(ninety.confidenceInterval[1], 1e-15);
    expect(greater.confidenceInterval[0]).to.be.closeTo(ninety.confidenceInterval[0], 1e-15);
    expect(greater.confidenceInterval[1]).to.equal(Number.POSITIVE_INFINITY);
    expect([less.statistic, less.df, less.cohenD]).to.deep.equal([
      twoSided.statistic,
      twoSided.df,
      twoSided.cohenD,
    ]);
  });

  it('widens the interval by the ratio of t quantiles for another confidence level', () => {
    const r = welchTTest(drug1, drug2, { confidenceLevel: 0.99 });
    const halfWidth = (r.confidenceInterval[1] - r.confidenceInterval[0]) / 2;
    expectRelativelyClose(halfWidth, studentTPpf(0.995, r.df) * r.standardError, 1e-14, 'half width');
    expect((r.confidenceInterval[0] + r.confidenceInterval[1]) / 2).to.be.closeTo(-1.58, 1e-14);
  });

  it('is antisymmetric in its samples', () => {
    const ab = welchTTest(drug1, drug2);
    const ba = welchTTest(drug2, drug1);
    expect(ba.statistic).to.equal(-ab.statistic);
    expect(ba.df).to.equal(ab.df);
    expect(ba.pValue).to.equal(ab.pValue);
    expect(ba.cohenD).to.equal(-ab.cohenD);
    expect(ba.confidenceInterval[0]).to.be.closeTo(-ab.confidenceInterval[1], 1e-15);
  });

  it('accepts typed arrays, keeps digits under large offsets and leaves its input alone', () => {
    const a = Float64Array.from(drug1, (v) => v + 1e9);
    const b = Float64Array.from(drug2, (v) => v + 1e9);
    const before = Array.from(a);
    const r = welchTTest(a, b);
    // 1e9 + 0.7 is stored with an error of up to 6e-8; the naive one-pass variance would lose
    // every digit here (Σx² ≈ 1e19), the two-pass one loses none beyond the data's own rounding.
    expectRelativelyClose(r.statistic, -1.86081346748685, 1e-6, 'statistic');
    expectRelativelyClose(r.sdA, Math.sqrt(28.805 / 9), 1e-6, 'sdA');
    expect(Array.from(a)).to.deep.equal(before);
  });

  it('handles one constant sample: the variance and df come from the other', () => {
    // Every value is 0.1, whose mean by summation is 0.10000000000000002: sdA must still be 0.
    const r = welchTTest([0.1, 0.1, 0.1], [1, 2, 3, 4]);
    expect(r.sdA).to.equal(0);
    expect(r.meanA).to.equal(0.1);
    // var(1..4) = 5/3, so se = √(5/12) and df = nB - 1 = 3.
    expectRelativelyClose(r.statistic, (0.1 - 2.5) / Math.sqrt(5 / 12), 1e-15, 'statistic');
    expect(r.df).to.be.closeTo(3, 1e-15);
  });

  describe('refuses bad input with InvalidArgumentError naming the field', () => {
    const cases: [string, () => unknown, string, Record<string, unknown>][] = [
      [
        'a single value',
        () => welchTTest([1], [1, 2]),
        "'a' needs at least 2 values to estimate a variance, got 1",
        { field: 'a', reason: 'too_few_values' },
      ],
      [
        'an empty sample',
        () => welchTTest([1, 2], []),
        "'b' needs at least 2 values to estimate a variance, got 0",
        { field: 'b', reason: 'too_few_values' },
      ],
      [
        'NaN',
        () => welchTTest([1, 2], [3, 4, Number.NaN]),
        "'b' must hold only finite numbers, but b[2] is NaN",
        { field: 'b', reason: 'not_finite', index: 2 },
      ],
      [
        'Infinity',
        () => welchTTest([1, Number.POSITIVE_INFINITY], [3, 4]),
        "'a' must hold only finite numbers, but a[1] is Infinity",
        { field: 'a', reason: 'not_finite', index: 1 },
      ],
      [
        'a string from untyped JSON',
        () => welchTTest([1, '2' as unknown as number], [3, 4]),
        "'a' must hold only finite numbers, but a[1] is a string",
        { field: 'a', reason: 'not_finite', index: 1 },
      ],
      [
        'a missing sample',
        () => welchTTest([1, 2], undefined as unknown as number[]),
        "'b' must be an array of numbers, got undefined",
        { field: 'b', reason: 'not_array' },
      ],
      [
        'two constant samples',
        () => welchTTest([3, 3, 3], [5, 5]),
        "'a' and 'b' both have zero variance (every value of 'a' is 3 and every value of 'b' is 5), so the t statistic is undefined",
        { field: 'a', reason: 'zero_variance' },
      ],
      [
        'an unknown alternative',
        () => welchTTest(drug1, drug2, { alternative: 'two_sided' } as unknown as WelchTTestOptions),
        `alternative must be 'two-sided', 'less' or 'greater', got "two_sided"`,
        { field: 'alternative', reason: 'unknown_value' },
      ],
      [
        'a confidence level in percent',
        () => welchTTest(drug1, drug2, { confidenceLevel: 95 }),
        'confidenceLevel must be a number strictly between 0 and 1 (0.95 for 95%), got 95',
        { field: 'confidenceLevel', reason: 'out_of_range' },
      ],
      [
        'a confidence level of 1',
        () => welchTTest(drug1, drug2, { confidenceLevel: 1 }),
        'confidenceLevel must be a number strictly between 0 and 1 (0.95 for 95%), got 1',
        { field: 'confidenceLevel', reason: 'out_of_range' },
      ],
    ];
    for (const [name, call, message, details] of cases) {
      it(name, () => {
        const err = thrownBy(call);
        expect(err).to.be.instanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).message).to.equal(message);
        expect((err as InvalidArgumentError).details).to.deep.equal(details);
      });
    }
  });
});
