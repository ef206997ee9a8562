import type { HpoBestTrial } from '@mlops/plugin-api';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { findBestTrials } from '../src/report/findBestTrials.js';
import { renderStudyReport, studyReportCsp } from '../src/report/renderStudyReport.js';
import { optimizationHistory, paretoFrontPlot, readPlotInput, studyPlots } from '../src/report/studyPlots.js';
import { InMemoryStudyStorage } from '../src/study/InMemoryStudyStorage.js';
import type { Distribution, StudyDirection, StudyRecord, StudyStorage } from '../src/study/StudyStorage.js';
import { launchChromium, renderInBrowser } from './reportBrowser.js';

const space: Record<string, Distribution> = {
  x: { kind: 'float', low: -5, high: 5, log: false },
  lr: { kind: 'float', low: 1e-5, high: 1e-1, log: true },
  layers: { kind: 'int', low: 1, high: 6, log: false, step: 1 },
  opt: { kind: 'categorical', choices: ['adam', 'sgd', null] },
};

/** A study whose trials follow a fixed pattern: trial i has params from i and the given values. */
async function seedStudy(
  storage: StudyStorage,
  name: string,
  directions: StudyDirection[],
  count: number,
  values: (params: Record<string, number | string | null>) => number[],
): Promise<StudyRecord> {
  const study = await storage.createStudy({ name, directions, config: {} });
  for (let i = 0; i < count; i++) {
    const params = {
      x: -5 + ((i * 37) % 100) / 10,
      lr: 10 ** (-5 + ((i * 13) % 40) / 10),
      layers: 1 + (i % 6),
      opt: (['adam', 'sgd', null] as const)[i % 3]!,
    };
    await storage.createTrial(study.id, { params, distributions: space });
    if (i % 10 === 9) await storage.finishTrial(study.id, i, 'PRUNED');
    else await storage.finishTrial(study.id, i, 'COMPLETE', values(params));
  }
  return study;
}

const bowl = (p: Record<string, number | string | null>) => [
  (p.x as number) ** 2 + (Math.log10(p.lr as number) + 3) ** 2 + (p.opt === 'sgd' ? 1 : 0),
];

async function bestOf(storage: StudyStorage, study: StudyRecord): Promise<HpoBestTrial[]> {
  return (await findBestTrials(storage, study)).map((t) => ({
    number: t.number,
    params: t.params,
    values: t.values!,
  }));
}

describe('study plots', () => {
  it('tracks the best value so far per objective and leaves out invalid, pruned and non-finite trials', async () => {
    const storage = new InMemoryStudyStorage();
    const study = await storage.createStudy({ name: 'h', directions: ['minimize'], config: {} });
    for (const [i, v] of [5, 7, 3, Number.NaN, 4, 1].entries()) {
      await storage.createTrial(study.id, {});
      await storage.finishTrial(study.id, i, i === 4 ? 'PRUNED' : 'COMPLETE', [v]);
    }
    await storage.setInvalid(study.id, 5, true);
    const history = optimizationHistory(await readPlotInput(storage, study));
    expect(history.points).to.deep.equal([
      { number: 0, values: [5], best: [5] },
      { number: 1, values: [7], best: [5] },
      { number: 2, values: [3], best: [3] },
    ]);
    expect((await findBestTrials(storage, study)).map((t) => t.number)).to.deep.equal([2]);
  });

  it('finds the Pareto front of two objectives with mixed directions', async () => {
    const storage = new InMemoryStudyStorage();
    const study = await storage.createStudy({ name: 'p', directions: ['minimize', 'maximize'], config: {} });
    // (cost, accuracy): 1 and 3 dominate 0 and 2; 4 ties 3 and stays; 5 is dominated by 1.
    const points = [
      [3, 0.5],
      [1, 0.7],
      [4, 0.9],
      [2, 0.95],
      [2, 0.95],
      [1.5, 0.6],
    ];
    for (const [i, values] of points.entries()) {
      await storage.createTrial(study.id, {});
      await storage.finishTrial(study.id, i, 'COMPLETE', values);
    }
    expect(paretoFrontPlot(await readPlotInput(storage, study)).front).to.deep.equal([1, 3, 4]);
    expect((await findBestTrials(storage, study)).map((t) => t.number)).to.deep.equal([1, 3, 4]);
  });
});

describe('the HTML study report in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async function () {
    this.timeout(600_000); // a clean machine installs chromium first
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('draws history, parallel coordinates, importances and a slice per parameter, offline and without errors', async () => {
    const storage = new InMemoryStudyStorage();
    const study = await seedStudy(storage, 'resnet <tuning>', ['minimize'], 60, bowl);
    const best = await bestOf(storage, study);
    const html = renderStudyReport(await studyPlots(storage, study), best);
    expect(html).to.include('<title>Study resnet &#60;tuning&#62;</title>');
    expect(html).to.not.match(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).to.include(`content="${studyReportCsp()}"`);
    const page = await renderInBrowser(browser, html);
    expect(page.problems).to.deep.equal([]);
    expect(Object.keys(page.canvases).sort()).to.deep.equal([
      'history-0',
      'importances-chart',
      'parallel-coordinates',
      'slice-0',
      'slice-1',
      'slice-2',
      'slice-3',
    ]);
    for (const [id, painted] of Object.entries(page.canvases)) expect(painted, id).to.be.greaterThan(2_000);
    expect(page.headings).to.deep.equal([
      'Best trial',
      'Optimisation history',
      'Parallel coordinates',
      'Parameter importances',
      'Slices',
    ]);
    expect(page.emptyNotes).to.deep.equal([]);
    expect(page.bestCells[0]).to.equal(String(best[0]!.number));
  });

  it('adds the Pareto front and one history per objective for a multi-objective study', async () => {
    const storage = new InMemoryStudyStorage();
    const study = await seedStudy(storage, 'two', ['minimize', 'maximize'], 40, (p) => [
      (p.x as number) ** 2,
      -(((p.x as number) - 2) ** 2) + (p.layers as number) / 10,
    ]);
    const best = await bestOf(storage, study);
    expect(best.length).to.be.greaterThan(1);
    const page = await renderInBrowser(browser, renderStudyReport(await studyPlots(storage, study), best));
    expect(page.problems).to.deep.equal([]);
    for (const id of [
      'history-0',
      'history-1',
      'pareto-front',
      'parallel-coordinates',
      'importances-chart',
    ]) {
      expect(page.canvases[id], id).to.be.greaterThan(2_000);
    }
    expect(page.headings[0]).to.equal('Best trials (Pareto front)');
    expect(page.headings.at(-1)).to.equal('Pareto front');
  });

  it('says so instead of drawing when no trial has completed', async () => {
    const storage = new InMemoryStudyStorage();
    const study = await storage.createStudy({ name: 'empty', directions: ['maximize'], config: {} });
    await storage.createTrial(study.id, {});
    const page = await renderInBrowser(browser, renderStudyReport(await studyPlots(storage, study), []));
    expect(page.problems).to.deep.equal([]);
    expect(page.canvases).to.deep.equal({});
    expect(page.emptyNotes).to.deep.equal([
      'No trial has completed yet.',
      'No trial has completed yet.',
      'Nothing to draw: no completed trial with parameters.',
      'Not enough completed trials to rank the parameters.',
      'Nothing to draw: no completed trial with parameters.',
    ]);
  });
});
