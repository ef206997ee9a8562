import { Readable } from 'node:stream';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  type ColumnarDataset,
  type DriftReport,
  detectDrift,
  ks2samp,
  renderReportHtml,
  streamDriftReport,
} from '../src/index.js';
import { seededUniform, shiftedNormalStream } from './detectorsStreams.js';

const normal = (seed: number, n: number, mean = 0, sd = 1) =>
  new Float64Array(shiftedNormalStream(seed, n, n, mean, mean, sd));

function categories(seed: number, n: number, names: string[], weights: number[]): string[] {
  const uniform = seededUniform(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, () => {
    let u = uniform() * total;
    for (let i = 0; i < names.length; i++) {
      u -= weights[i]!;
      if (u < 0) return names[i]!;
    }
    return names[names.length - 1]!;
  });
}

function column(report: DriftReport, name: string) {
  const found = report.columns.find((c) => c.column === name);
  if (!found) expect.fail(`no column ${name}`);
  return found;
}

function failure(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  return expect.fail('no error thrown');
}

describe('drift reports', () => {
  const small: { reference: ColumnarDataset; current: ColumnarDataset } = {
    reference: {
      age: normal(1, 800),
      income: normal(2, 800, 50, 10),
      plan: categories(3, 800, ['free', 'pro', 'team'], [6, 3, 1]),
      churned: categories(4, 800, ['yes', 'no'], [1, 4]),
      stars: new Float64Array(categories(5, 800, ['1', '2', '3'], [1, 1, 1]).map(Number)),
    },
    current: {
      age: normal(11, 600, 0.5),
      income: normal(12, 600, 50, 10),
      plan: categories(13, 600, ['free', 'pro', 'team'], [3, 3, 4]),
      churned: categories(14, 600, ['yes', 'no'], [1, 4]),
      stars: new Float64Array(categories(15, 600, ['1', '2', '3'], [1, 1, 1]).map(Number)),
    },
  };

  it("chooses Evidently's tests for a reference of at most 1,000 rows and flags the shifted columns", () => {
    const report = detectDrift(small.reference, small.current);
    const tests = Object.fromEntries(report.columns.map((c) => [c.column, c.test]));
    expect(tests).to.deep.equal({
      age: 'ks',
      income: 'ks',
      plan: 'chi2_contingency',
      churned: 'z_proportions',
      stars: 'chi2_contingency',
    });
    expect(report.driftedColumns).to.deep.equal(['age', 'plan']);
    expect(report.share).to.equal(2 / 5);
    expect(report.datasetDrift).to.equal(false);
    const age = column(report, 'age');
    const direct = ks2samp(small.reference.age as Float64Array, small.current.age as Float64Array);
    expect(age.result.statistic).to.equal(direct.statistic);
    expect(age.result.pValue).to.equal(direct.pValue);
    expect(age.score).to.equal(direct.pValue);
    expect(age).to.include({ threshold: 0.05, thresholdSource: 'default', testSource: 'default' });
    expect(age.result).to.include({ n1: 800, n2: 600 });
    expect(age.result.effectSize.value).to.equal(direct.statistic);
    expect(report).to.include({ referenceRows: 800, currentRows: 600, driftShare: 0.5, correction: 'none' });
  });

  it('uses the normed Wasserstein and Jensen-Shannon distances above 1,000 reference rows, drifting at >= 0.1', () => {
    const report = detectDrift(
      { x: normal(21, 5000), c: categories(22, 5000, ['a', 'b', 'c'], [1, 1, 1]) },
      { x: normal(23, 3000, 0.3), c: categories(24, 3000, ['a', 'b', 'c'], [1, 1, 1]) },
    );
    const x = column(report, 'x');
    expect(x.test).to.equal('wasserstein');
    expect(x.result.effectSize.name).to.equal('wasserstein_normed');
    expect(x.result.statistic).to.be.within(0.2, 0.4);
    expect(x).to.include({ threshold: 0.1, drifted: true });
    expect(x.result.pValue).to.equal(undefined);
    const c = column(report, 'c');
    expect(c.test).to.equal('jensenshannon');
    expect(c.result.statistic).to.be.below(0.1);
    expect(c.drifted).to.equal(false);
    expect(report.datasetDrift).to.equal(true);
  });

  it('resolves test and threshold separately: column, then type, then all, then the default', () => {
    const report = detectDrift(small.reference, small.current, {
      all: { threshold: 0.2, test: 'chi2_goodness_of_fit' },
      numeric: { test: 'ks' },
      categorical: { threshold: 0.001 },
      columns: { age: { threshold: 1e-30 }, churned: { test: 'chi2_contingency' } },
    });
    const summary = (name: string) => {
      const c = column(report, name);
      return [c.test, c.testSource, c.threshold, c.thresholdSource];
    };
    expect(summary('age')).to.deep.equal(['ks', 'type', 1e-30, 'column']);
    expect(summary('income')).to.deep.equal(['ks', 'type', 0.2, 'all']);
    expect(summary('plan')).to.deep.equal(['chi2_goodness_of_fit', 'all', 0.001, 'type']);
    expect(summary('churned')).to.deep.equal(['chi2_contingency', 'column', 0.001, 'type']);
    expect(column(report, 'age').drifted).to.equal(false);
  });

  it('applies a Bonferroni or Benjamini-Hochberg correction to the p-values across columns', () => {
    const plain = detectDrift(small.reference, small.current);
    const bonferroni = detectDrift(small.reference, small.current, { correction: 'bonferroni' });
    for (const c of bonferroni.columns) {
      const raw = column(plain, c.column).result.pValue!;
      expect(c.adjustedPValue).to.equal(Math.min(1, raw * 5));
      expect(c.score).to.equal(c.adjustedPValue);
    }
    const bh = detectDrift(small.reference, small.current, { correction: 'benjamini-hochberg' });
    expect(bh.correction).to.equal('benjamini-hochberg');
    expect(column(bh, 'age').adjustedPValue!).to.be.at.least(column(plain, 'age').result.pValue!);
  });

  it('calls the dataset drifted when at least driftShare of the columns drift', () => {
    expect(detectDrift(small.reference, small.current, { driftShare: 0.4 }).datasetDrift).to.equal(true);
    expect(detectDrift(small.reference, small.current, { driftShare: 0.41 }).datasetDrift).to.equal(false);
    const only = detectDrift(small.reference, small.current, {
      include: ['age', 'income'],
      exclude: ['income'],
    });
    expect(only.columns.map((c) => c.column)).to.deep.equal(['age']);
    expect(only.datasetDrift).to.equal(true);
  });

  it('leaves out NaN and empty strings, and counts the rest', () => {
    const report = detectDrift(
      { x: new Float64Array([1, 2, Number.NaN, 4, 5, 6, 7]), c: ['a', '', 'b'] },
      { x: new Float64Array([1, 2, 3, 4, 5, 6, Number.NaN]), c: ['a', 'b', 'b'] },
    );
    expect(column(report, 'x').result).to.include({ n1: 6, n2: 6 });
    expect(column(report, 'c').result).to.include({ n1: 2, n2: 3 });
  });

  it('refuses bad input, naming the field', () => {
    expect(failure(() => detectDrift(small.reference, { age: small.current.age! })).message).to.equal(
      'current data has no column "income", which the reference has',
    );
    const mismatch = failure(() => detectDrift({ a: new Float64Array([1, 2]) }, { a: ['1', '2'] }));
    expect(mismatch.message).to.equal(
      'column "a" is numeric in the reference but categorical in the current data',
    );
    expect(mismatch.details.field).to.equal('current.a');
    const wrongTest = failure(() =>
      detectDrift(small.reference, small.current, { categorical: { test: 'ks' } }),
    );
    expect(wrongTest.message).to.equal(
      'categorical.test: test "ks" needs a numeric column, but "plan" is categorical',
    );
    expect(wrongTest.details.field).to.equal('categorical.test');
    const share = failure(() => detectDrift(small.reference, small.current, { driftShare: 0 }));
    expect(share.message).to.equal('driftShare must be a number in (0, 1], got 0');
    const threshold = failure(() =>
      detectDrift(small.reference, small.current, { columns: { age: { threshold: -1 } } }),
    );
    expect(threshold.details.field).to.equal('columns.age.threshold');
    const empty = failure(() =>
      detectDrift({ x: new Float64Array([1]) }, { x: new Float64Array([Number.NaN]) }),
    );
    expect(empty.message).to.equal('column "x" has no values in the current data');
    expect(
      failure(() => detectDrift(small.reference, small.current, { include: ['nope'] })).message,
    ).to.equal('include[0] names no column of the reference: "nope"');
  });

  describe('streamed CSV and JSON Lines', () => {
    const names = Object.keys(small.reference);
    const asCsv = (data: ColumnarDataset) => {
      const n = data.age!.length;
      const lines = [names.join(',')];
      for (let i = 0; i < n; i++) lines.push(names.map((name) => String(data[name]![i])).join(','));
      return `${lines.join('\n')}\n`;
    };
    const asJsonl = (data: ColumnarDataset, from = 0, to = data.age!.length) => {
      const lines: string[] = [];
      for (let i = from; i < to; i++) {
        const row: Record<string, unknown> = {};
        for (const name of names) row[name] = data[name]![i];
        lines.push(JSON.stringify(row));
      }
      return `${lines.join('\n')}\n`;
    };
    /** Splits text into small chunks, so rows straddle chunk boundaries. */
    const chunked = (text: string) =>
      Readable.from(
        Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) =>
          text.slice(i * 1000, i * 1000 + 1000),
        ),
      );

    it('gives the same report as the columnar path, from CSV and from JSON Lines in parts', async () => {
      const columnar = detectDrift(small.reference, small.current);
      const fromCsv = await streamDriftReport(
        { format: 'csv', body: chunked(asCsv(small.reference)) },
        { format: 'csv', body: chunked(asCsv(small.current)) },
      );
      const fromJsonl = await streamDriftReport(
        { format: 'jsonl', body: chunked(asJsonl(small.reference)) },
        [
          { format: 'jsonl', body: chunked(asJsonl(small.current, 0, 250)) },
          { format: 'jsonl', body: async () => chunked(asJsonl(small.current, 250)) },
        ],
      );
      for (const streamed of [fromCsv, fromJsonl]) {
        expect(streamed.columns.map((c) => [c.column, c.type, c.test])).to.deep.equal(
          columnar.columns.map((c) => [c.column, c.type, c.test]),
        );
        for (const c of streamed.columns) {
          const twin = column(columnar, c.column);
          expect(c.result.statistic, c.column).to.be.closeTo(twin.result.statistic, 1e-12);
          expect(c.result.pValue, c.column).to.be.closeTo(twin.result.pValue!, 1e-12);
        }
        expect(streamed.driftedColumns).to.deep.equal(columnar.driftedColumns);
        expect(streamed).to.include({ referenceRows: 800, currentRows: 600 });
      }
    });

    it('names the row and column of a value that does not fit the inferred type', async () => {
      const reference = 'x,c\n1,a\n2,b\n3,a\n';
      const current = 'x,c\n1,a\noops,b\n';
      const err = await streamDriftReport(
        { format: 'csv', body: Readable.from([reference]) },
        { format: 'csv', body: Readable.from([current]) },
      ).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal('row 2: column "x" must be a number, got "oops"');
      const bad = await streamDriftReport(
        { format: 'jsonl', body: Readable.from(['{"x":1}\n[1]\n']) },
        { format: 'jsonl', body: Readable.from(['{"x":1}\n']) },
      ).catch((e: unknown) => e);
      expect((bad as Error).message).to.equal('body line 2 is not a JSON object');
    });
  });

  it('renders a self-contained HTML page with a histogram per column', () => {
    const report = detectDrift(
      { 'a<b': normal(31, 100), plan: categories(32, 100, ['x', 'y'], [1, 1]) },
      { 'a<b': normal(33, 100, 2), plan: categories(34, 100, ['x', 'y'], [1, 1]) },
    );
    const html = renderReportHtml(report, 'Churn & co');
    expect(html.startsWith('<!doctype html>')).to.equal(true);
    expect(html).to.contain('<title>Churn &#38; co</title>');
    expect(html).to.contain('<td>a&#60;b</td>');
    expect(html.match(/<svg /g)).to.have.length(2);
    expect(html).to.contain('Dataset drift: 1 of 2 columns drifted (share 0.5 &ge; 0.5).');
    expect(html).not.to.match(/(src|href)=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const histogram = column(report, 'a<b').histogram;
    expect(histogram.kind).to.equal('numeric');
    if (histogram.kind === 'numeric') {
      expect(histogram.reference.reduce((a, b) => a + b, 0)).to.equal(100);
      expect(histogram.edges).to.have.length(21);
    }
  });
});
