import { readFile, writeFile } from 'node:fs/promises';
import { Hooks, HpoStudyCompleted, type HpoStudyCompletedPayload, Tracking } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { expect } from 'chai';
import { Hpo, hpoPlugin, RandomSampler, TrialPruned } from '../src/index.js';
import { freshStore, type StoreOptions, startHpo, tempDir } from './pluginHarness.js';

describe('hpoPlugin', function () {
  this.timeout(60_000);
  let temp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    temp = await tempDir();
  });
  after(() => temp.remove());

  it('carries its package version and refuses a stale limit shorter than the heartbeat', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(hpoPlugin.manifest.version).to.equal(pkg.version);
    const store = await freshStore('sqlite', temp.dir);
    const err = await createTestKernel({
      plugins: [storeSqlPlugin(store), hpoPlugin({ heartbeatIntervalMs: 5_000, staleAfterMs: 5_000 })],
    }).then(
      () => new Error('the kernel started'),
      (e: unknown) => e as Error,
    );
    expect(err.message).to.include('staleAfterMs (5000) must be longer than heartbeatIntervalMs (5000)');
  });

  it('optimizes in-process on the database, emits hpo.study.completed, and resumes the seeded sequence after a restart', async () => {
    const store = await freshStore('sqlite', temp.dir);
    const objective = (t: {
      suggestFloat(n: string, l: number, h: number): number;
      suggestInt(n: string, l: number, h: number): number;
    }) => (t.suggestFloat('x', -5, 5) - 1) ** 2 + t.suggestInt('k', 0, 3);
    const first = await startHpo({ store });
    const seen: HpoStudyCompletedPayload[] = [];
    first.kernel.get(Hooks).on(HpoStudyCompleted, (p) => void seen.push(p));
    const hpo = first.kernel.get(Hpo);
    const study = await hpo.createStudy({ name: 'resume', seed: 11 }, first.kernel.call);
    const payload = await hpo.optimize(study, objective, { nTrials: 12 }, first.kernel.call);
    expect(seen).to.deep.equal([payload]);
    expect(payload.bestParams).to.deep.equal(study.bestParams);
    expect(payload.bestTrials).to.deep.equal([
      { number: study.bestTrial.number, params: study.bestParams, values: [study.bestValue] },
    ]);
    expect(payload.trialCounts).to.deep.include({ COMPLETE: 12 });
    await first.stop();

    const second = await startHpo({ store });
    const resumed = await second.kernel.get(Hpo).loadStudy('resume', second.kernel.call);
    await resumed.optimize(objective, { nTrials: 6 });
    const numbers: number[] = [];
    const resumedParams: unknown[] = [];
    for await (const trial of resumed.trials) {
      numbers.push(trial.number);
      resumedParams.push(trial.params);
    }
    expect(numbers).to.deep.equal(Array.from({ length: 18 }, (_, i) => i));
    resumed.close();
    await second.stop();

    const straight = await startHpo({ store: await freshStore('sqlite', temp.dir) });
    const uninterrupted = await straight.kernel
      .get(Hpo)
      .createStudy({ name: 'resume', seed: 11 }, straight.kernel.call);
    await uninterrupted.optimize(objective, { nTrials: 18 });
    const straightParams: unknown[] = [];
    for await (const trial of uninterrupted.trials) straightParams.push(trial.params);
    expect(resumedParams).to.deep.equal(straightParams);
    uninterrupted.close();
    await straight.stop();
  });

  it('links each trial to a tracking run in an experiment named after the study', async () => {
    const server = await startHpo({
      store: await freshStore('sqlite', temp.dir),
      plugins: [trackingPlugin()],
    });
    try {
      const hpo = server.kernel.get(Hpo);
      const tracking = server.kernel.get(Tracking);
      const call = server.kernel.call;
      const study = await hpo.createStudy({ name: 'tracked', sampler: new RandomSampler({ seed: 1 }) }, call);
      await study.optimize(
        (t) => {
          const lr = t.suggestFloat('lr', 1e-4, 1e-1, { log: true });
          const opt = t.suggestCategorical('opt', ['adam', 'sgd']);
          t.report(lr * 10, 0);
          t.report(lr * 5, 1);
          if (t.number === 1) throw new TrialPruned();
          return lr + (opt === 'sgd' ? 1 : 0);
        },
        { nTrials: 3 },
      );
      const experiment = await tracking.getExperimentByName('tracked', call);
      expect(experiment.tags).to.deep.equal({ 'hpo.study': 'tracked' });
      const statuses: string[] = [];
      for await (const trial of study.trials) {
        expect(trial.runId, `trial ${trial.number}`).to.be.a('string');
        const run = await tracking.getRun(trial.runId!, call);
        statuses.push(run.info.status);
        expect(run.info.experimentId).to.equal(experiment.experimentId);
        expect(run.info.runName).to.equal(`trial-${trial.number}`);
        expect(run.data.params).to.deep.equal([
          { key: 'lr', value: String(trial.params.lr) },
          { key: 'opt', value: trial.params.opt },
        ]);
        const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
        expect(tags).to.deep.include({ 'hpo.study_id': study.record.id, 'hpo.trial': String(trial.number) });
        const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
        expect(metrics.value).to.equal(trial.values![0]);
        const history = await tracking.getMetricHistory(
          { runId: trial.runId!, key: 'intermediate_value' },
          call,
        );
        expect(history.points.map((p) => [p.step, p.value])).to.deep.equal(trial.intermediate);
      }
      expect(statuses).to.deep.equal(['FINISHED', 'KILLED', 'FINISHED']);
    } finally {
      await server.stop();
    }
  });

  it('writes the report and lists studies through the mlops hpo commands', async () => {
    const server = await startHpo({ store: await freshStore('sqlite', temp.dir) });
    try {
      const hpo = server.kernel.get(Hpo);
      const study = await hpo.createStudy({ name: 'cli study', seed: 3 }, server.kernel.call);
      await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 4 });
      const commands = Object.fromEntries(server.kernel.commands.map((c) => [c.spec.name, c]));
      expect(Object.keys(commands).sort()).to.deep.equal(['hpo best', 'hpo report', 'hpo studies']);
      expect(commands['hpo report']!.plugin).to.equal('@mlops/plugin-hpo');
      const lines: string[] = [];
      const print = (line: string) => void lines.push(line);
      await commands['hpo studies']!.spec.run({ args: [], options: {}, scope: server.kernel, print });
      const best = study.bestTrial;
      expect(lines).to.deep.equal([
        'name\tid\tdirections\ttrials\tbest',
        `cli study\t${study.record.id}\tminimize\t4 (4 complete)\t${best.values![0]} (trial ${best.number})`,
      ]);
      lines.length = 0;
      const out = `${temp.dir}/cli-report.html`;
      await commands['hpo report']!.spec.run({
        args: ['cli study'],
        options: { out },
        scope: server.kernel,
        print,
      });
      expect(lines).to.deep.equal([`wrote the report of study "cli study" to ${out}`]);
      const html = await readFile(out, 'utf8');
      expect(html).to.include('<title>Study cli study</title>');
      const missing = await Promise.resolve(
        commands['hpo report']!.spec.run({ args: ['nope'], options: {}, scope: server.kernel, print }),
      ).then(
        () => new Error('no error'),
        (e: unknown) => e as Error,
      );
      expect(missing.message).to.equal('study "nope" does not exist');

      lines.length = 0;
      await commands['hpo best']!.spec.run({ args: ['cli study'], options: {}, scope: server.kernel, print });
      expect(JSON.parse(lines.join('\n'))).to.deep.equal(study.bestParams);
      const config = `${temp.dir}/run-config.json`;
      await writeFile(config, JSON.stringify({ epochs: 10, x: 'stale' }));
      lines.length = 0;
      await commands['hpo best']!.spec.run({
        args: ['cli study'],
        options: { out: config, merge: true },
        scope: server.kernel,
        print,
      });
      expect(lines).to.deep.equal([
        `wrote the parameters of trial ${best.number} of study "cli study" to ${config}`,
      ]);
      expect(JSON.parse(await readFile(config, 'utf8'))).to.deep.equal({ epochs: 10, ...study.bestParams });
    } finally {
      await server.stop();
    }
  });

  it('never hands one trial number to two kernels asking at once on one PostgreSQL study', async () => {
    const store: StoreOptions = await freshStore('postgres', temp.dir);
    const a = await startHpo({ store });
    const b = await startHpo({ store });
    try {
      const { study } = await a.kernel
        .get(Hpo)
        .createStudyRecord({ name: 'shared', seed: 1, sampler: { name: 'RandomSampler' } }, a.kernel.call);
      const space = { x: { kind: 'float', low: 0, high: 1, log: false } } as const;
      const ask = (h: typeof a) => h.kernel.get(Hpo).ask(study.id, space, h.kernel.call);
      const asked = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i % 2 === 0 ? a : b)));
      const numbers = asked.map((t) => t.number).sort((x, y) => x - y);
      expect(numbers).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
      expect(asked.every((t) => typeof t.params.x === 'number' && t.state === 'RUNNING')).to.equal(true);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
