import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  createStudy,
  HyperbandPruner,
  MedianPruner,
  type Pruner,
  type Study,
  SuccessiveHalvingPruner,
  TrialPruned,
  type TrialRecord,
} from '../src/index.js';

/** Runs one trial whose curve is `curve(step)` for steps `from..to`, asking the pruner at every step. */
async function runCurve(
  study: Study,
  curve: (step: number) => number,
  from: number,
  to: number,
): Promise<TrialRecord> {
  const trial = await study.ask();
  trial.suggestFloat('x', 0, 1);
  for (let step = from; step <= to; step++) {
    trial.report(curve(step), step);
    if (trial.shouldPrune()) return study.tell(trial, 'pruned');
  }
  return study.tell(trial, curve(to));
}

const lastStep = (t: TrialRecord) => t.intermediate[t.intermediate.length - 1]?.[0];

describe('pruners', () => {
  describe('MedianPruner', () => {
    async function studyWithLevels(pruner: Pruner, direction: 'minimize' | 'maximize' = 'minimize') {
      const study = await createStudy({ pruner, direction, seed: 0 });
      for (const level of [1, 2, 3, 4, 5]) await runCurve(study, () => level, 0, 9);
      return study;
    }

    it('prunes a trial worse than the median at the same step, and keeps a better one', async () => {
      const study = await studyWithLevels(new MedianPruner());
      const bad = await runCurve(study, () => 3.5, 0, 9);
      expect([bad.state, lastStep(bad), bad.values]).to.deep.equal(['PRUNED', 0, [3.5]]);
      const good = await runCurve(study, () => 2.5, 0, 9);
      expect([good.state, lastStep(good), good.values]).to.deep.equal(['COMPLETE', 9, [2.5]]);
    });

    it('judges the best value so far, and maximises when the study does', async () => {
      const study = await studyWithLevels(new MedianPruner(), 'maximize');
      const low = await runCurve(study, () => 2.5, 0, 9);
      expect([low.state, lastStep(low)]).to.deep.equal(['PRUNED', 0]);
      // Drops below the median at step 3, but its best value (4) stays above it.
      const dipping = await runCurve(study, (s) => (s < 3 ? 4 : 1), 0, 9);
      expect(dipping.state).to.equal('COMPLETE');
    });

    it('waits for nStartupTrials complete trials, the warm-up steps and the interval', async () => {
      const early = await createStudy({ pruner: new MedianPruner(), seed: 0 });
      for (const level of [1, 2, 3, 4]) await runCurve(early, () => level, 0, 9);
      expect((await runCurve(early, () => 100, 0, 9)).state).to.equal('COMPLETE');

      const warm = await studyWithLevels(new MedianPruner({ nWarmupSteps: 3 }));
      const late = await runCurve(warm, () => 100, 0, 9);
      expect([late.state, lastStep(late)]).to.deep.equal(['PRUNED', 3]);

      const interval = await studyWithLevels(new MedianPruner({ nWarmupSteps: 1, intervalSteps: 4 }));
      const judged = await runCurve(interval, () => 100, 0, 9);
      expect([judged.state, lastStep(judged)]).to.deep.equal(['PRUNED', 1]);
      const skipping = await interval.ask();
      skipping.report(100, 2);
      expect(skipping.shouldPrune()).to.equal(true); // first report in the interval [1, 5)
      skipping.report(100, 3);
      expect(skipping.shouldPrune()).to.equal(false); // step 2 already judged this interval
      skipping.report(100, 5);
      expect(skipping.shouldPrune()).to.equal(true);
    });

    it('rejects bad options naming them', () => {
      expect(() => new MedianPruner({ intervalSteps: 0 }))
        .to.throw(InvalidArgumentError, 'intervalSteps must be an integer >= 1, got 0')
        .with.nested.property('details.field', 'intervalSteps');
      expect(() => new MedianPruner({ nStartupTrials: -1 })).to.throw(
        'nStartupTrials must be an integer >= 0, got -1',
      );
    });
  });

  describe('SuccessiveHalvingPruner', () => {
    it('promotes only the best 1/reductionFactor at each rung', async () => {
      const study = await createStudy({
        pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }),
        seed: 0,
      });
      const outcomes: [string, number | undefined][] = [];
      for (const level of [5, 4, 3, 6, 1, 7, 3.5]) {
        const t = await runCurve(study, () => level, 1, 8);
        outcomes.push([t.state, lastStep(t)]);
      }
      expect(outcomes).to.deep.equal([
        ['COMPLETE', 8],
        ['COMPLETE', 8],
        ['COMPLETE', 8],
        ['PRUNED', 1], // 6 is not in the best half of [3, 4, 5, 6] at rung 0 (step 1)
        ['COMPLETE', 8],
        ['PRUNED', 1],
        ['PRUNED', 2], // passes rung 0 (3.5 <= 3.5), not rung 1 (step 2: best half of [1, 3, 3.5, 4, 5] is <= 3)
      ]);
    });

    it("with minResource 'auto' prunes nothing until a trial completes", async () => {
      const study = await createStudy({ pruner: new SuccessiveHalvingPruner(), seed: 0 });
      const first = await runCurve(study, () => 5, 1, 8);
      expect(first.state).to.equal('COMPLETE');
      const worse = await runCurve(study, () => 9, 1, 8);
      expect([worse.state, lastStep(worse)]).to.deep.equal(['PRUNED', 1]);
    });
  });

  describe('HyperbandPruner', () => {
    it('puts each trial in a bracket by crc32 of "<study>_<number>", as Optuna does', async () => {
      const pruner = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
      expect(pruner.bracketCount).to.equal(3);
      const brackets = Array.from({ length: 20 }, (_, n) => pruner.bracketOf('hb', n));
      // binascii.crc32(f"hb_{n}") % 17 over budgets [9, 5, 3], computed with Python.
      expect(brackets).to.deep.equal([0, 0, 2, 2, 1, 1, 1, 2, 1, 0, 1, 0, 1, 1, 1, 0, 2, 0, 2, 0]);
    });

    it('makes a trial compete only within its bracket', async () => {
      const pruner = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
      const study = await createStudy({ name: 'hb', pruner, seed: 0 });
      const outcomes: [string, number | undefined][] = [];
      for (const level of [1, 5, 5, 6]) {
        const t = await runCurve(study, () => level, 1, 9);
        outcomes.push([t.state, lastStep(t)]);
      }
      expect(outcomes).to.deep.equal([
        ['COMPLETE', 9], // bracket 0
        ['PRUNED', 1], // bracket 0: rung at step 1, worse than trial 0
        ['COMPLETE', 9], // bracket 2: first rung at step 9, alone there
        ['PRUNED', 9], // bracket 2: worse than trial 2 at step 9
      ]);
    });
  });

  it('TrialPruned thrown by an objective records PRUNED with the last reported value', async () => {
    const study = await createStudy({ pruner: new MedianPruner({ nStartupTrials: 1 }), seed: 0 });
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        for (let step = 0; step < 5; step++) {
          trial.report(trial.number === 0 ? 0 : 10 + step, step);
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return x;
      },
      { nTrials: 2 },
    );
    const pruned = await study.trials.get(1);
    expect([pruned?.state, pruned?.values, pruned?.intermediate]).to.deep.equal(['PRUNED', [10], [[0, 10]]]);
  });
});
