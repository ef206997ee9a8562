import { AlreadyExistsError, FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  createStudy,
  HyperbandPruner,
  InMemoryStudyStorage,
  loadStudy,
  type ParamValue,
  RandomSampler,
  type Study,
  samplerFromConfig,
  TPESampler,
  type Trial,
} from '../src/index.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const quadratic = (t: Trial) => (t.suggestFloat('x', -10, 10) - 2) ** 2 + (t.suggestInt('n', 0, 6) - 3) ** 2;

async function paramsOf(study: Study): Promise<Record<string, ParamValue>[]> {
  const out: Record<string, ParamValue>[] = [];
  for await (const trial of study.trials) out.push(trial.params);
  return out;
}

describe('study', () => {
  it('asks, suggests, reports and tells, and keeps the best trial', async () => {
    const study = await createStudy({ name: 'ask-tell', seed: 1 });
    const trial = await study.ask();
    const x = trial.suggestFloat('x', -1, 1);
    expect(trial.suggestFloat('x', -1, 1)).to.equal(x);
    const err = thrown(() => trial.suggestFloat('x', -2, 2));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal('parameter "x" was already suggested in trial 0 with another distribution');
    trial.report(0.5, 1);
    trial.report(0.9, 1);
    trial.report(0.25, 0);
    expect(trial.intermediate).to.deep.equal([
      [0, 0.25],
      [1, 0.5],
    ]);
    expect(thrown(() => trial.report(1, -1)).message).to.equal('step must be a non-negative integer, got -1');
    const told = await study.tell(trial, x * x);
    expect(told).to.include({ number: 0, state: 'COMPLETE', invalid: false });
    expect(told.values).to.deep.equal([x * x]);
    expect(told.intermediate).to.deep.equal([
      [0, 0.25],
      [1, 0.5],
    ]);
    expect(told.params).to.deep.equal({ x });
    expect(study.bestValue).to.equal(x * x);
    expect(study.bestParams).to.deep.equal({ x });

    const again = await rejection(study.tell(0, 1));
    expect(again).to.be.instanceOf(FailedPreconditionError);
    expect(again.message).to.equal('trial 0 is COMPLETE, not RUNNING');
    expect(thrown(() => trial.suggestInt('n', 0, 3)).message).to.equal(
      'trial 0 is finished; ask for a new trial',
    );
    const bad = await rejection(study.tell(await study.ask(), [1, 2]));
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect(bad.message).to.equal('trial 1 needs 1 value(s), one per direction, got 2');
    expect((await study.trials.get(1))?.state).to.equal('RUNNING');
  });

  it('reports no best trial before one completes, and refuses bestTrial with several objectives', async () => {
    const study = await createStudy({ seed: 0 });
    expect(() => study.bestValue)
      .to.throw(FailedPreconditionError)
      .with.property('message')
      .match(/^study "no-name-[0-9a-f-]+" has no complete trial yet$/);
    const multi = await createStudy({ directions: ['minimize', 'maximize'] });
    expect(() => multi.bestTrial).to.throw(
      'bestTrial is not defined in a multi-objective study; use bestTrials',
    );
    const trial = await multi.ask();
    expect(() => trial.report(1, 0)).to.throw('report is not supported in a multi-objective study');
    expect(() => trial.shouldPrune()).to.throw('shouldPrune is not supported in a multi-objective study');
  });

  it('rejects bad study options naming the field', async () => {
    const cases: [Promise<unknown>, string, string][] = [
      [
        createStudy({ direction: 'up' as 'minimize' }),
        `direction must be 'minimize' or 'maximize', got "up"`,
        'direction',
      ],
      [createStudy({ directions: [] }), 'directions must be a non-empty array', 'directions'],
      [
        createStudy({ heartbeatIntervalMs: 100, staleAfterMs: 50 }),
        'staleAfterMs (50) must be longer than heartbeatIntervalMs (100)',
        'staleAfterMs',
      ],
    ];
    for (const [promise, message, field] of cases) {
      const err = await rejection(promise);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect(err.message).to.equal(message);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
    const storage = new InMemoryStudyStorage();
    await createStudy({ name: 'taken', storage });
    const taken = await rejection(createStudy({ name: 'taken', storage }));
    expect(taken).to.be.instanceOf(AlreadyExistsError);
    expect(taken.message).to.equal('study "taken" already exists');
    const study = await createStudy({ seed: 0 });
    expect((await rejection(study.optimize(quadratic, {}))).message).to.equal(
      'optimize needs nTrials or timeoutMs',
    );
    expect((await rejection(study.optimize(quadratic, { nTrials: 1, concurrency: 0 }))).message).to.equal(
      'concurrency must be a positive integer, got 0',
    );
  });

  it('optimize: async objectives, failures, NaN, and errors stop it unless caught', async () => {
    const study = await createStudy({ seed: 3, direction: 'maximize' });
    await study.optimize(
      async (t) => {
        const x = t.suggestFloat('x', 0, 1);
        await sleep(1);
        if (t.number === 1) return Number.NaN;
        if (t.number === 2) throw new Error('diverged');
        return x;
      },
      { nTrials: 5, catchErrors: true },
    );
    const states: string[] = [];
    for await (const t of study.trials) states.push(t.state);
    expect(states).to.deep.equal(['COMPLETE', 'FAIL', 'FAIL', 'COMPLETE', 'COMPLETE']);
    const failing = await rejection(
      study.optimize(
        () => {
          throw new Error('boom');
        },
        { nTrials: 3 },
      ),
    );
    expect(failing.message).to.equal('boom');
    expect(await study.trials.count()).to.equal(6);
    expect((await study.trials.get(5))?.state).to.equal('FAIL');
    expect(await study.trials.count(['COMPLETE'])).to.equal(3);
  });

  it('optimize with concurrency runs trials at once and hands out each number once', async () => {
    const study = await createStudy({ seed: 5 });
    let inFlight = 0;
    let peak = 0;
    await study.optimize(
      async (t) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        const x = t.suggestFloat('x', -5, 5);
        await sleep(2);
        inFlight--;
        return x * x;
      },
      { nTrials: 24, concurrency: 4 },
    );
    expect(peak).to.equal(4);
    const numbers: number[] = [];
    for await (const t of study.trials) numbers.push(t.number);
    expect(numbers).to.deep.equal(Array.from({ length: 24 }, (_, i) => i));
    expect(await study.trials.count(['COMPLETE'])).to.equal(24);
  });

  it('optimize stops at timeoutMs', async () => {
    const study = await createStudy({ seed: 0 });
    const started = Date.now();
    await study.optimize(
      async (t) => {
        await sleep(5);
        return t.suggestFloat('x', 0, 1);
      },
      { timeoutMs: 60 },
    );
    expect(Date.now() - started).to.be.below(1000);
    const count = await study.trials.count();
    expect(count).to.be.within(1, 20);
    await sleep(20);
    expect(await study.trials.count()).to.equal(count);
  });

  it('bestTrials is the Pareto front, whatever the directions', async () => {
    const study = await createStudy({
      directions: ['minimize', 'maximize'],
      sampler: new RandomSampler({ seed: 0 }),
    });
    const points = [
      [1, -5],
      [2, -2],
      [5, -1],
      [3, -3],
      [2, -2],
      [6, -6],
      [0, -9],
    ];
    for (const values of points) {
      const t = await study.ask();
      t.suggestFloat('x', 0, 1);
      await study.tell(t, values);
    }
    expect(study.bestTrials.map((t) => t.number)).to.deep.equal([0, 1, 2, 4, 6]);
    await study.markInvalid(6);
    expect(study.bestTrials.map((t) => t.number)).to.deep.equal([0, 1, 2, 4]);
    const single = await createStudy({ sampler: new RandomSampler({ seed: 0 }) });
    for (const value of [3, 1, 2, 1]) {
      const t = await single.ask();
      t.suggestFloat('x', 0, 1);
      await single.tell(t, value);
    }
    expect(single.bestTrials.map((t) => t.number)).to.deep.equal([1, 3]);
    expect(single.bestTrial.number).to.equal(1);
  });

  it('a study resumed from its store continues the seeded sequence', async () => {
    const uninterrupted = await createStudy({ seed: 11, name: 'whole' });
    await uninterrupted.optimize(quadratic, { nTrials: 30 });

    const storage = new InMemoryStudyStorage();
    const first = await createStudy({ seed: 11, name: 'split', storage });
    await first.optimize(quadratic, { nTrials: 17 });
    const resumed = await loadStudy({ name: 'split', storage });
    expect(resumed.sampler.name).to.equal('TPESampler');
    await resumed.optimize(quadratic, { nTrials: 13 });
    expect(await paramsOf(resumed)).to.deep.equal(await paramsOf(uninterrupted));
    expect(resumed.bestValue).to.equal(uninterrupted.bestValue);

    const again = await createStudy({ seed: 11, name: 'split', storage, loadIfExists: true });
    expect(again.bestTrial.number).to.equal(uninterrupted.bestTrial.number);
  });

  it('two workers on one store share trials: numbers are never reused and each sees the other’s results', async () => {
    const storage = new InMemoryStudyStorage();
    const a = await createStudy({ name: 'shared', storage, seed: 1 });
    const b = await loadStudy({ name: 'shared', storage, sampler: new TPESampler({ seed: 2 }) });
    await Promise.all([
      a.optimize(quadratic, { nTrials: 15, concurrency: 2 }),
      b.optimize(quadratic, { nTrials: 15 }),
    ]);
    const numbers: number[] = [];
    for await (const t of a.trials) numbers.push(t.number);
    expect(numbers).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
    await a.refresh();
    await b.refresh();
    expect(a.bestTrial.number).to.equal(b.bestTrial.number);
    let best = Number.POSITIVE_INFINITY;
    for await (const t of a.trials) best = Math.min(best, t.values![0]!);
    expect(a.bestValue).to.equal(best);
  });

  it('loadStudy rebuilds the sampler and pruner recorded in the study config', async () => {
    const storage = new InMemoryStudyStorage();
    const created = await createStudy({
      name: 'configured',
      storage,
      sampler: new TPESampler({ seed: 4, multivariate: true, nStartupTrials: 3 }),
      pruner: new HyperbandPruner({ maxResource: 27 }),
    });
    const loaded = await loadStudy({ name: 'configured', storage });
    expect([loaded.sampler.name, loaded.sampler.options]).to.deep.equal([
      created.sampler.name,
      created.sampler.options,
    ]);
    expect([loaded.pruner.name, loaded.pruner.options]).to.deep.equal([
      'HyperbandPruner',
      created.pruner.options,
    ]);
    expect(() => samplerFromConfig({ name: 'CmaEsSampler', options: {} }, ['minimize'])).to.throw(
      InvalidArgumentError,
      'unknown sampler "CmaEsSampler"',
    );
    const missing = await rejection(loadStudy({ name: 'nope', storage }));
    expect(missing.message).to.equal('study "nope" does not exist');
  });

  it('an invalid trial is kept but ignored by best-trial queries, until it is valid again', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 0 }) });
    for (const value of [5, 1, 3]) {
      const t = await study.ask();
      t.suggestFloat('x', 0, 1);
      await study.tell(t, value);
    }
    await study.markInvalid(1);
    expect(study.bestTrial.number).to.equal(2);
    expect((await study.trials.get(1))?.invalid).to.equal(true);
    await study.markInvalid(1, false);
    expect(study.bestTrial.number).to.equal(1);
    expect((await rejection(study.markInvalid(9))).message).to.match(/^study "no-name-.*" has no trial 9$/);
  });

  it('enqueued parameters are used by the next trial and checked against the distribution', async () => {
    const study = await createStudy({ seed: 0 });
    study.enqueueTrial({ x: 0.25, kind: 'b' });
    study.enqueueTrial({ x: 7 });
    const t = await study.ask();
    expect([t.suggestFloat('x', 0, 1), t.suggestCategorical('kind', ['a', 'b'])]).to.deep.equal([0.25, 'b']);
    const next = await study.ask();
    expect(() => next.suggestFloat('x', 0, 1)).to.throw(
      'enqueued value 7 of "x" is outside its distribution',
    );
  });

  it('leases: heartbeats keep a trial RUNNING; without them it becomes STALE and its parameters are retried', async () => {
    const storage = new InMemoryStudyStorage();
    const dying = await createStudy({
      name: 'leased',
      storage,
      heartbeatIntervalMs: 20,
      staleAfterMs: 60_000,
      seed: 0,
    });
    const beating = await dying.ask();
    const startedAt = (await storage.getTrial(dying.record.id, beating.number))!.startedAt!;
    for (let waited = 0; waited < 3000; waited += 10) {
      if ((await storage.getTrial(dying.record.id, beating.number))!.heartbeatAt! > startedAt) break;
      await sleep(10);
    }
    expect((await storage.getTrial(dying.record.id, beating.number))!.heartbeatAt).to.be.above(startedAt);

    const lost = await dying.ask();
    const x = lost.suggestFloat('x', 0, 1);
    // The worker dies: no more heartbeats from it. Another worker leases trials for 300 ms.
    dying.close();
    const otherWorker = await loadStudy({
      name: 'leased',
      storage,
      heartbeatIntervalMs: 100,
      staleAfterMs: 300,
    });
    try {
      await sleep(400);
      await storage.heartbeat(dying.record.id, beating.number);
      const retry = await otherWorker.ask();
      expect((await storage.getTrial(dying.record.id, lost.number))?.state).to.equal('STALE');
      expect((await storage.getTrial(dying.record.id, beating.number))?.state).to.equal('RUNNING');
      expect(retry.suggestFloat('x', 0, 1)).to.equal(x);
      const late = await rejection(dying.tell(lost, 1));
      expect(late).to.be.instanceOf(FailedPreconditionError);
      expect(late.message).to.equal(`trial ${lost.number} is STALE, not RUNNING`);
      await otherWorker.tell(retry, 0.5);
      expect(otherWorker.bestTrial.number).to.equal(retry.number);
    } finally {
      otherWorker.close();
    }
  });
});
