import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import type { Distribution, StudyStorage } from '../src/study/StudyStorage.js';
import { describeOnStorages, rejection } from './storageTargets.js';

const lr: Distribution = { kind: 'float', low: 1e-5, high: 1e-1, log: true };
const layers: Distribution = { kind: 'int', low: 1, high: 4, log: false, step: 1 };
const optimizer: Distribution = { kind: 'categorical', choices: ['adam', 'sgd', null, true] };

/** A settable clock. */
function clock(start = 1_000) {
  let t = start;
  return {
    now: () => t,
    set: (v: number) => {
      t = v;
    },
  };
}

describeOnStorages('StudyStorage', (target) => {
  let storage: StudyStorage;
  let time: ReturnType<typeof clock>;

  beforeEach(async () => {
    time = clock();
    storage = await target.storage(time.now);
  });

  async function study(name = 'tune') {
    return storage.createStudy({
      name,
      directions: ['minimize'],
      config: { sampler: { name: 'TPESampler', seed: 3 } },
    });
  }

  it('creates a study, finds it by name and by id, and refuses a taken name', async () => {
    const created = await storage.createStudy({
      name: 'mnist',
      directions: ['minimize', 'maximize'],
      config: { sampler: { name: 'NSGAIISampler' }, seed: 1 },
      userAttrs: { owner: 'ana', budget: { gpus: 2 } },
    });
    expect(created).to.deep.include({
      name: 'mnist',
      directions: ['minimize', 'maximize'],
      createdAt: 1_000,
      config: { sampler: { name: 'NSGAIISampler' }, seed: 1 },
      userAttrs: { owner: 'ana', budget: { gpus: 2 } },
    });
    expect(created.id).to.be.a('string').that.is.not.empty;
    expect(await storage.findStudy('mnist')).to.deep.equal(created);
    expect(await storage.findStudy(created.id)).to.deep.equal(created);
    expect(await storage.findStudy('nope')).to.equal(undefined);
    const err = await rejection(storage.createStudy({ name: 'mnist', directions: ['minimize'], config: {} }));
    expect(err).to.be.instanceOf(AlreadyExistsError);
    expect(err.message).to.equal('study "mnist" already exists');
    expect(err.details).to.deep.equal({ field: 'name' });
    expect((await storage.listStudies({ limit: 10 })).studies).to.have.length(1);
  });

  it('lists studies by name, a page at a time', async () => {
    for (const name of ['c', 'a', 'd', 'b', 'e']) await study(name);
    const first = await storage.listStudies({ limit: 2 });
    expect(first.studies.map((s) => s.name)).to.deep.equal(['a', 'b']);
    expect(first.next).to.equal('b');
    const second = await storage.listStudies({ after: first.next!, limit: 2 });
    expect(second.studies.map((s) => s.name)).to.deep.equal(['c', 'd']);
    const last = await storage.listStudies({ after: second.next!, limit: 2 });
    expect(last.studies.map((s) => s.name)).to.deep.equal(['e']);
    expect(last.next).to.equal(undefined);
    expect((await storage.listStudies({ limit: 5 })).next).to.equal(undefined);
  });

  it('numbers trials from 0, stores them RUNNING with their first params, and reads them back', async () => {
    const s = await study();
    const t0 = await storage.createTrial(s.id, {});
    time.set(2_000);
    const t1 = await storage.createTrial(s.id, {
      params: { lr: 0.01, opt: null },
      distributions: { lr, opt: optimizer },
      runId: 'a'.repeat(32),
    });
    expect(t0).to.deep.equal({
      studyId: s.id,
      number: 0,
      state: 'RUNNING',
      params: {},
      distributions: {},
      intermediate: [],
      invalid: false,
      startedAt: 1_000,
      heartbeatAt: 1_000,
      userAttrs: {},
    });
    expect(t1).to.deep.include({ number: 1, startedAt: 2_000, runId: 'a'.repeat(32) });
    expect(t1.params).to.deep.equal({ lr: 0.01, opt: null });
    expect(t1.distributions).to.deep.equal({ lr, opt: optimizer });
    expect(await storage.getTrial(s.id, 1)).to.deep.equal(t1);
    expect(await storage.getTrial(s.id, 2)).to.equal(undefined);
  });

  it('hands out distinct numbers to many concurrent createTrial calls', async () => {
    const s = await study();
    const trials = await Promise.all(Array.from({ length: 40 }, () => storage.createTrial(s.id, {})));
    const numbers = trials.map((t) => t.number).sort((a, b) => a - b);
    expect(numbers).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(await storage.countTrials(s.id)).to.equal(40);
  });

  it('sets params, overwrites a reported step, keeps steps in order and NaN as NaN', async () => {
    const s = await study();
    const t = await storage.createTrial(s.id, {});
    await storage.setParam(s.id, t.number, 'lr', 0.003, lr);
    await storage.setParam(s.id, t.number, 'layers', 3, layers);
    await storage.setParam(s.id, t.number, 'opt', true, optimizer);
    await storage.setParam(s.id, t.number, 'layers', 2, layers);
    await storage.reportIntermediate(s.id, t.number, 5, 0.5);
    await storage.reportIntermediate(s.id, t.number, 1, 0.9);
    await storage.reportIntermediate(s.id, t.number, 5, 0.4);
    await storage.reportIntermediate(s.id, t.number, 7, Number.NaN);
    await storage.reportIntermediate(s.id, t.number, 9, Number.NEGATIVE_INFINITY);
    const read = (await storage.getTrial(s.id, t.number))!;
    expect(read.params).to.deep.equal({ lr: 0.003, layers: 2, opt: true });
    expect(read.distributions).to.deep.equal({ lr, layers, opt: optimizer });
    expect(read.intermediate).to.deep.equal([
      [1, 0.9],
      [5, 0.4],
      [7, Number.NaN],
      [9, Number.NEGATIVE_INFINITY],
    ]);
  });

  it('finishes a RUNNING trial once, with its values, and refuses writes to it afterwards', async () => {
    const s = await study();
    await storage.createTrial(s.id, {});
    time.set(5_000);
    const done = await storage.finishTrial(s.id, 0, 'COMPLETE', [0.25, Number.POSITIVE_INFINITY]);
    expect(done).to.deep.include({
      state: 'COMPLETE',
      values: [0.25, Number.POSITIVE_INFINITY],
      finishedAt: 5_000,
    });
    expect(await storage.getTrial(s.id, 0)).to.deep.equal(done);
    for (const write of [
      () => storage.finishTrial(s.id, 0, 'FAIL'),
      () => storage.setParam(s.id, 0, 'lr', 0.1, lr),
      () => storage.reportIntermediate(s.id, 0, 1, 1),
      () => storage.heartbeat(s.id, 0),
    ]) {
      const err = await rejection(write());
      expect(err).to.be.instanceOf(FailedPreconditionError);
      expect(err.message).to.equal('trial 0 is COMPLETE, not RUNNING');
      expect(err.details).to.deep.equal({ field: 'number' });
    }
    const after = (await storage.getTrial(s.id, 0))!;
    expect(after).to.deep.equal(done);
    await storage.createTrial(s.id, {});
    const pruned = await storage.finishTrial(s.id, 1, 'PRUNED');
    expect(pruned.state).to.equal('PRUNED');
    expect(pruned.values).to.equal(undefined);
  });

  it('marks RUNNING trials without a recent heartbeat STALE, once, and returns their numbers', async () => {
    const s = await study();
    for (let i = 0; i < 4; i++) await storage.createTrial(s.id, {});
    await storage.finishTrial(s.id, 3, 'COMPLETE', [1]);
    time.set(10_000);
    await storage.heartbeat(s.id, 1);
    time.set(12_000);
    expect(await storage.markStale(s.id, 9_000)).to.deep.equal([0, 2]);
    expect(await storage.markStale(s.id, 9_000)).to.deep.equal([]);
    const stale = (await storage.getTrial(s.id, 0))!;
    expect(stale).to.deep.include({ state: 'STALE', finishedAt: 12_000 });
    expect((await storage.getTrial(s.id, 1))!.state).to.equal('RUNNING');
    expect((await storage.getTrial(s.id, 3))!.state).to.equal('COMPLETE');
    const err = await rejection(storage.heartbeat(s.id, 2));
    expect(err.message).to.equal('trial 2 is STALE, not RUNNING');
    expect(await storage.markStale(s.id, 10_001)).to.deep.equal([1]);
  });

  it('marks a trial invalid and valid again without touching its state', async () => {
    const s = await study();
    await storage.createTrial(s.id, {});
    await storage.finishTrial(s.id, 0, 'COMPLETE', [3]);
    await storage.setInvalid(s.id, 0, true);
    expect(await storage.getTrial(s.id, 0)).to.deep.include({
      invalid: true,
      state: 'COMPLETE',
      values: [3],
    });
    await storage.setInvalid(s.id, 0, false);
    expect((await storage.getTrial(s.id, 0))!.invalid).to.equal(false);
  });

  it('pages trials in number order, filtered by state, and counts them', async () => {
    const s = await study();
    for (let i = 0; i < 7; i++) {
      await storage.createTrial(s.id, { params: { lr: i / 10 }, distributions: { lr } });
      await storage.reportIntermediate(s.id, i, 0, i);
      if (i % 2 === 0) await storage.finishTrial(s.id, i, 'COMPLETE', [i]);
    }
    const first = await storage.listTrials(s.id, { limit: 3 });
    expect(first.trials.map((t) => t.number)).to.deep.equal([0, 1, 2]);
    expect(first.trials[1]!.params).to.deep.equal({ lr: 0.1 });
    expect(first.trials[2]!.intermediate).to.deep.equal([[0, 2]]);
    expect(first.nextAfter).to.equal(2);
    const second = await storage.listTrials(s.id, { after: 2, limit: 3 });
    expect(second.trials.map((t) => t.number)).to.deep.equal([3, 4, 5]);
    const last = await storage.listTrials(s.id, { after: 5, limit: 3 });
    expect(last.trials.map((t) => t.number)).to.deep.equal([6]);
    expect(last.nextAfter).to.equal(undefined);
    const complete = await storage.listTrials(s.id, { limit: 2, states: ['COMPLETE'] });
    expect(complete.trials.map((t) => t.number)).to.deep.equal([0, 2]);
    expect(complete.nextAfter).to.equal(2);
    const rest = await storage.listTrials(s.id, { after: 2, limit: 2, states: ['COMPLETE'] });
    expect(rest.trials.map((t) => t.number)).to.deep.equal([4, 6]);
    expect(rest.nextAfter).to.equal(undefined);
    expect(await storage.countTrials(s.id)).to.equal(7);
    expect(await storage.countTrials(s.id, ['COMPLETE'])).to.equal(4);
    expect(await storage.countTrials(s.id, ['RUNNING', 'PRUNED'])).to.equal(3);
    expect(await storage.countTrials(s.id, ['FAIL'])).to.equal(0);
    const err = await rejection(storage.listTrials(s.id, { limit: 0 }));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal('limit must be a positive integer, got 0');
  });

  it('names the unknown study or trial in NotFoundError', async () => {
    const s = await study();
    const missing = 'f'.repeat(8);
    for (const call of [
      () => storage.createTrial(missing, {}),
      () => storage.getTrial(missing, 0),
      () => storage.listTrials(missing, { limit: 10 }),
      () => storage.countTrials(missing),
      () => storage.markStale(missing, 0),
      () => storage.finishTrial(missing, 0, 'COMPLETE', [1]),
    ]) {
      const err = await rejection(call());
      expect(err).to.be.instanceOf(NotFoundError);
      expect(err.message).to.equal(`study "${missing}" does not exist`);
      expect(err.details).to.deep.equal({ field: 'studyId' });
    }
    for (const call of [
      () => storage.finishTrial(s.id, 4, 'COMPLETE', [1]),
      () => storage.setParam(s.id, 4, 'lr', 0.1, lr),
      () => storage.setInvalid(s.id, 4, true),
    ]) {
      const err = await rejection(call());
      expect(err).to.be.instanceOf(NotFoundError);
      expect(err.message).to.equal(`study "${s.id}" has no trial 4`);
      expect(err.details).to.deep.equal({ field: 'number' });
    }
    expect(await storage.countTrials(s.id)).to.equal(0);
  });
});

describeOnStorages(
  'SqlStudyStorage persistence',
  (target) => {
    it('keeps studies and trials across a restart on the same database', async () => {
      const store = target.freshStore();
      const first = await target.storage(Date.now, store);
      const s = await first.createStudy({ name: 'kept', directions: ['maximize'], config: { seed: 7 } });
      await first.createTrial(s.id, { params: { layers: 2 }, distributions: { layers } });
      await first.finishTrial(s.id, 0, 'COMPLETE', [0.9]);
      const second = await target.storage(Date.now, store);
      expect(await second.findStudy('kept')).to.deep.equal(s);
      expect(await second.getTrial(s.id, 0)).to.deep.include({
        state: 'COMPLETE',
        values: [0.9],
        params: { layers: 2 },
      });
      expect((await second.createTrial(s.id, {})).number).to.equal(1);
    });
  },
  ['sqlite', 'postgres'],
);
