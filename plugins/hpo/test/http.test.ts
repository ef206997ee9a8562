import { Hooks, HpoStudyCompleted, type HpoStudyCompletedPayload, HttpRoutes } from '@mlops/plugin-api';
import { expect } from 'chai';
import { studyReportCsp } from '../src/index.js';
import { call, freshStore, type HpoHarness, hpoRowCounts, startHpo, tempDir } from './pluginHarness.js';

interface WireTrial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  values?: unknown[];
  intermediate_values: [number, unknown][];
  invalid: boolean;
}

const space = {
  lr: { kind: 'float', low: 1e-5, high: 1e-1, log: true },
  layers: { kind: 'int', low: 1, high: 8 },
  dropout: { kind: 'float', low: 0, high: 0.5, step: 0.1 },
  optimizer: { kind: 'categorical', choices: ['adam', 'sgd', null] },
};

describe('the /api/v1/hpo routes', function () {
  this.timeout(60_000);
  let server: HpoHarness;
  let temp: Awaited<ReturnType<typeof tempDir>>;

  before(async () => {
    temp = await tempDir();
    server = await startHpo({
      store: await freshStore('sqlite', temp.dir),
      http: true,
      hpo: { defaultPruner: 'MedianPruner' },
    });
  });
  after(async () => {
    await server.stop();
    await temp.remove();
  });

  it('creates a study, refuses its name twice, and loads it with load_if_exists', async () => {
    const created = await call(server.url, 'POST', '/api/v1/hpo/studies', {
      name: 'curl-study',
      direction: 'maximize',
      seed: 3,
      user_attrs: { team: 'vision' },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const study = created.body as {
      study_id: string;
      name: string;
      directions: string[];
      config: Record<string, unknown>;
      user_attrs: unknown;
    };
    expect(study).to.deep.include({
      name: 'curl-study',
      directions: ['maximize'],
      user_attrs: { team: 'vision' },
    });
    expect(study.config).to.deep.include({
      seed: 3,
      pruner: { name: 'MedianPruner', options: (study.config.pruner as { options: unknown }).options },
    });
    expect((study.config.sampler as { name: string }).name).to.equal('TPESampler');
    expect(created.headers.get('location')).to.equal(`/api/v1/hpo/studies/${study.study_id}`);
    const again = await call(server.url, 'POST', '/api/v1/hpo/studies', { name: 'curl-study' });
    expect(again.status).to.equal(409);
    expect(again.body).to.deep.include({
      error_code: 'ALREADY_EXISTS',
      message: 'study "curl-study" already exists',
    });
    const loaded = await call(server.url, 'POST', '/api/v1/hpo/studies', {
      name: 'curl-study',
      load_if_exists: true,
    });
    expect(loaded.status).to.equal(200);
    expect((loaded.body as { study_id: string }).study_id).to.equal(study.study_id);
    const got = await call(server.url, 'GET', `/api/v1/hpo/studies/${study.study_id}`);
    expect(got.body).to.deep.equal(created.body);
    const byName = await call(server.url, 'GET', '/api/v1/hpo/studies/curl-study');
    expect(byName.status).to.equal(404);
    expect((byName.body as { message: string }).message).to.equal('study "curl-study" does not exist');
  });

  it('lists studies a page at a time with an opaque token', async () => {
    for (const name of ['list-b', 'list-a', 'list-c'])
      await call(server.url, 'POST', '/api/v1/hpo/studies', { name });
    const first = (await call(server.url, 'GET', '/api/v1/hpo/studies?max_results=2')).body as {
      studies: { name: string }[];
      next_page_token: string;
    };
    expect(first.studies.map((s) => s.name)).to.deep.equal(['curl-study', 'list-a']);
    const second = (
      await call(server.url, 'GET', `/api/v1/hpo/studies?max_results=2&page_token=${first.next_page_token}`)
    ).body as { studies: { name: string }[]; next_page_token?: string };
    expect(second.studies.map((s) => s.name)).to.deep.equal(['list-b', 'list-c']);
    expect(second.next_page_token).to.equal(undefined);
    const bad = await call(server.url, 'GET', '/api/v1/hpo/studies?page_token=zzz');
    expect(bad.status).to.equal(400);
    expect(bad.body).to.deep.include({ message: 'page_token "zzz" is not a token this server gave out' });
  });

  it('runs a whole study over ask, report, should-prune and tell, as a shell job would', async () => {
    const created = (await call(server.url, 'POST', '/api/v1/hpo/studies', { name: 'shell', seed: 1 }))
      .body as {
      study_id: string;
    };
    const base = `/api/v1/hpo/studies/${created.study_id}`;
    const numbers: number[] = [];
    for (let i = 0; i < 14; i++) {
      const asked = await call(server.url, 'POST', `${base}/trials`, { search_space: space });
      expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
      const trial = asked.body as WireTrial;
      numbers.push(trial.number);
      const p = trial.params as { lr: number; layers: number; dropout: number; optimizer: string | null };
      expect(p.lr).to.be.within(1e-5, 1e-1);
      expect(Number.isInteger(p.layers) && p.layers >= 1 && p.layers <= 8).to.equal(true);
      expect(Math.abs(p.dropout * 10 - Math.round(p.dropout * 10))).to.be.lessThan(1e-9);
      expect(['adam', 'sgd', null]).to.include(p.optimizer);
      const loss = (Math.log10(p.lr) + 3) ** 2 + p.layers / 10 + (p.optimizer === 'sgd' ? 1 : 0);
      let pruned = false;
      for (let step = 0; step < 3 && !pruned; step++) {
        const reported = await call(
          server.url,
          'POST',
          `${base}/trials/${trial.number}/intermediate-values`,
          {
            step,
            value: loss + 1 / (step + 1),
          },
        );
        expect(reported.status, JSON.stringify(reported.body)).to.equal(200);
        pruned = (reported.body as { should_prune: boolean }).should_prune;
        const asks = await call(server.url, 'GET', `${base}/trials/${trial.number}/should-prune`);
        expect((asks.body as { should_prune: boolean }).should_prune).to.equal(pruned);
      }
      const told = await call(
        server.url,
        'POST',
        `${base}/trials/${trial.number}/tell`,
        pruned ? { state: 'PRUNED' } : { value: loss },
      );
      expect(told.status, JSON.stringify(told.body)).to.equal(200);
      expect((told.body as WireTrial).state).to.equal(pruned ? 'PRUNED' : 'COMPLETE');
    }
    expect(numbers).to.deep.equal(Array.from({ length: 14 }, (_, i) => i));

    const twice = await call(server.url, 'POST', `${base}/trials/0/tell`, { value: 1 });
    expect(twice.status).to.equal(409);
    expect(twice.body).to.deep.include({
      error_code: 'FAILED_PRECONDITION',
      message: 'trial 0 is COMPLETE, not RUNNING',
    });

    const page = (await call(server.url, 'GET', `${base}/trials?max_results=5&states=COMPLETE`)).body as {
      trials: WireTrial[];
      next_after?: number;
    };
    expect(page.trials).to.have.length(5);
    expect(page.trials.every((t) => t.state === 'COMPLETE' && t.intermediate_values.length > 0)).to.equal(
      true,
    );
    expect(page.next_after).to.equal(page.trials[4]!.number);

    const best = (await call(server.url, 'GET', `${base}/best`)).body as {
      best_trials: WireTrial[];
      best_params: Record<string, unknown>;
      best_value: number;
    };
    const complete: WireTrial[] = [];
    for (let after = -1; ; ) {
      const p = (await call(server.url, 'GET', `${base}/trials?after=${after}&states=COMPLETE&max_results=3`))
        .body as {
        trials: WireTrial[];
        next_after?: number;
      };
      complete.push(...p.trials);
      if (p.next_after === undefined) break;
      after = p.next_after;
    }
    const min = Math.min(...complete.map((t) => t.values![0] as number));
    expect(best.best_value).to.equal(min);
    expect(best.best_trials).to.have.length(1);
    expect(best.best_params).to.deep.equal(best.best_trials[0]!.params);

    const importances = (await call(server.url, 'GET', `${base}/importances`)).body as {
      method: string;
      importances: { name: string; importance: number }[];
    };
    expect(importances.method).to.equal('ped-anova');
    expect(importances.importances.map((i) => i.name).sort()).to.deep.equal([
      'dropout',
      'layers',
      'lr',
      'optimizer',
    ]);

    const history = (await call(server.url, 'GET', `${base}/plots/history`)).body as {
      points: { number: number; best: number[] }[];
    };
    expect(history.points.map((p) => p.number)).to.deep.equal(complete.map((t) => t.number));
    expect(history.points.at(-1)!.best).to.deep.equal([min]);
    const parallel = (await call(server.url, 'GET', `${base}/plots/parallel-coordinates`)).body as {
      params: { name: string }[];
      lines: unknown[];
    };
    expect(parallel.params.map((p) => p.name)).to.deep.equal(['dropout', 'layers', 'lr', 'optimizer']);
    expect(parallel.lines).to.have.length(complete.length);
    const slices = (await call(server.url, 'GET', `${base}/plots/slices`)).body as {
      slices: { points: unknown[] }[];
    };
    expect(slices.slices).to.have.length(4);
    const pareto = await call(server.url, 'GET', `${base}/plots/pareto-front`);
    expect(pareto.status).to.equal(409);
    expect((pareto.body as { message: string }).message).to.equal(
      'study "shell" has one objective: it has no Pareto front',
    );
    const objective = await call(server.url, 'GET', `${base}/importances?objective=1`);
    expect(objective.status).to.equal(400);
    expect((objective.body as { message: string }).message).to.equal(
      'objective must be an integer from 0 to 0, got 1',
    );

    const report = await call(server.url, 'GET', `${base}/report`);
    expect(report.status).to.equal(200);
    expect(report.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(report.headers.get('content-security-policy')).to.equal(studyReportCsp());
    expect(report.body as string).to.match(/^<!DOCTYPE html>/);
    expect(report.body as string).to.include('<title>Study shell</title>');
  });

  it('marks a trial invalid and drops it from the best trials, keeping it in history', async () => {
    const { study_id } = (await call(server.url, 'POST', '/api/v1/hpo/studies', { name: 'invalid', seed: 2 }))
      .body as {
      study_id: string;
    };
    const base = `/api/v1/hpo/studies/${study_id}`;
    for (const value of [3, 1, 2]) {
      const { number } = (await call(server.url, 'POST', `${base}/trials`, { search_space: { x: space.lr } }))
        .body as WireTrial;
      await call(server.url, 'POST', `${base}/trials/${number}/tell`, { value });
    }
    const marked = await call(server.url, 'PATCH', `${base}/trials/1`, { invalid: true });
    expect(marked.status).to.equal(200);
    expect(marked.body).to.deep.include({ number: 1, invalid: true, state: 'COMPLETE' });
    const best = (await call(server.url, 'GET', `${base}/best`)).body as {
      best_value: number;
      best_trials: WireTrial[];
    };
    expect(best.best_value).to.equal(2);
    expect(best.best_trials.map((t) => t.number)).to.deep.equal([2]);
    expect(
      ((await call(server.url, 'GET', `${base}/trials`)).body as { trials: unknown[] }).trials,
    ).to.have.length(3);
  });

  it('supports a multi-objective study: values in tell, the Pareto front and its plot', async () => {
    const { study_id } = (
      await call(server.url, 'POST', '/api/v1/hpo/studies', {
        name: 'mo',
        directions: ['minimize', 'maximize'],
        seed: 4,
      })
    ).body as { study_id: string };
    const base = `/api/v1/hpo/studies/${study_id}`;
    for (let i = 0; i < 6; i++) {
      const { number, params } = (
        await call(server.url, 'POST', `${base}/trials`, { search_space: { x: space.dropout } })
      ).body as WireTrial;
      const x = params.x as number;
      await call(server.url, 'POST', `${base}/trials/${number}/tell`, { values: [x, x * x] });
    }
    const wrong = await call(server.url, 'POST', `${base}/trials`, { search_space: {} });
    const wrongTell = await call(
      server.url,
      'POST',
      `${base}/trials/${(wrong.body as WireTrial).number}/tell`,
      { value: 1 },
    );
    expect(wrongTell.status).to.equal(400);
    expect((wrongTell.body as { message: string }).message).to.equal(
      'trial 6 needs 2 value(s), one per direction, got 1',
    );
    const pareto = (await call(server.url, 'GET', `${base}/plots/pareto-front`)).body as {
      front: number[];
      points: unknown[];
    };
    expect(pareto.points).to.have.length(6);
    const best = (await call(server.url, 'GET', `${base}/best`)).body as {
      best_trials: WireTrial[];
      best_value?: number;
    };
    expect(best.best_trials.map((t) => t.number)).to.deep.equal(pareto.front);
    expect(best.best_value).to.equal(undefined);
  });

  it('answers a completion with the best params and the trial counts', async () => {
    const { study_id } = (await call(server.url, 'POST', '/api/v1/hpo/studies', { name: 'done' })).body as {
      study_id: string;
    };
    const base = `/api/v1/hpo/studies/${study_id}`;
    const { number, params } = (
      await call(server.url, 'POST', `${base}/trials`, { search_space: { x: space.layers } })
    ).body as WireTrial;
    await call(server.url, 'POST', `${base}/trials/${number}/tell`, { value: 0.5 });
    const done = await call(server.url, 'POST', `${base}/complete`);
    expect(done.status).to.equal(200);
    expect(done.body).to.deep.include({ study_id, study_name: 'done', best_params: params });
    expect((done.body as { trial_counts: Record<string, number> }).trial_counts.COMPLETE).to.equal(1);
  });

  it('declares a study permission on every route but create and list, reading the id from the path', () => {
    const routes = server.kernel
      .get(HttpRoutes)
      .list()
      .filter((r) => r.path.startsWith('/api/v1/hpo/'));
    expect(routes.length).to.equal(19);
    for (const route of routes) {
      const label = `${route.method} ${route.path}`;
      expect(route.schema?.response, label).to.not.equal(undefined);
      if (route.path === '/api/v1/hpo/studies') {
        expect(route.permission, label).to.equal('authenticated');
        continue;
      }
      const permission = route.permission as {
        action: string;
        resource: string;
        resourceId: (r: unknown) => string;
      };
      expect(permission.resource, label).to.equal('study');
      expect(permission.action, label).to.equal(route.method === 'GET' ? 'READ' : 'EDIT');
      expect(permission.resourceId({ params: { studyId: 'abc', number: '1' } }), label).to.equal('abc');
    }
  });

  it('documents every route in the OpenAPI document, with its request schemas', async () => {
    const document = (await call(server.url, 'GET', '/api/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; requestBody?: unknown; parameters?: { name: string }[] }>
      >;
    };
    const hpoPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/api/v1/hpo/'));
    const operations = hpoPaths.flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations).to.have.length(19);
    expect(operations.every((o) => o.op.tags?.includes('hpo'))).to.equal(true);
    const ask = document.paths['/api/v1/hpo/studies/{studyId}/trials']!.post!;
    expect(ask.requestBody).to.not.equal(undefined);
    expect(ask.parameters?.map((p) => p.name)).to.deep.equal(['studyId']);
  });

  it('answers bad input with a 4xx naming the field and writes nothing', async () => {
    const { study_id } = (await call(server.url, 'POST', '/api/v1/hpo/studies', { name: 'bad-input' }))
      .body as { study_id: string };
    const base = `/api/v1/hpo/studies/${study_id}`;
    const { number } = (await call(server.url, 'POST', `${base}/trials`, { search_space: {} }))
      .body as WireTrial;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/v1/hpo/studies', '{"name": ', 400, 'body'],
      ['POST', '/api/v1/hpo/studies', {}, 400, 'body/name'],
      ['POST', '/api/v1/hpo/studies', { name: 'x', direction: 'up' }, 400, 'body/direction'],
      ['POST', '/api/v1/hpo/studies', { name: 'x', directions: [] }, 400, 'body/directions'],
      ['POST', '/api/v1/hpo/studies', { name: 'x', sampler: { name: 'Bayes' } }, 400, 'body/sampler/name'],
      ['POST', '/api/v1/hpo/studies', { name: 'x', nme: 1 }, 400, 'nme'],
      [
        'POST',
        '/api/v1/hpo/studies',
        { name: 'x', direction: 'minimize', directions: ['minimize'] },
        400,
        'give direction or directions, not both',
      ],
      ['GET', '/api/v1/hpo/studies?max_results=0', undefined, 400, 'query/max_results'],
      ['GET', `/api/v1/hpo/studies/${unknown}`, undefined, 404, unknown],
      ['POST', `/api/v1/hpo/studies/${unknown}/trials`, { search_space: {} }, 404, unknown],
      [
        'POST',
        `${base}/trials`,
        { search_space: { lr: { kind: 'float', low: 1 } } },
        400,
        'search_space.lr.high',
      ],
      [
        'POST',
        `${base}/trials`,
        { search_space: { lr: { kind: 'float', low: 2, high: 1 } } },
        400,
        'search_space: parameter "lr": low (2) must not be greater than high (1)',
      ],
      [
        'POST',
        `${base}/trials`,
        { search_space: { lr: { kind: 'normal' } } },
        400,
        'body/search_space/lr/kind',
      ],
      [
        'POST',
        `${base}/trials`,
        { search_space: { c: { kind: 'categorical', choices: [] } } },
        400,
        'body/search_space/c/choices',
      ],
      ['POST', `${base}/trials/${number}/tell`, { value: 'high' }, 400, 'body/value'],
      [
        'POST',
        `${base}/trials/${number}/tell`,
        { value: 1, values: [1] },
        400,
        'give value or values, not both',
      ],
      ['POST', `${base}/trials/${number}/tell`, { state: 'DONE' }, 400, 'body/state'],
      [
        'POST',
        `${base}/trials/${number}/tell`,
        {},
        400,
        'trial 0 needs 1 value(s), one per direction, got 0',
      ],
      ['POST', `${base}/trials/99/tell`, { value: 1 }, 404, 'has no trial 99'],
      ['POST', `${base}/trials/x/tell`, { value: 1 }, 400, 'params/number'],
      ['POST', `${base}/trials/${number}/intermediate-values`, { step: -1, value: 1 }, 400, 'body/step'],
      ['POST', `${base}/trials/${number}/intermediate-values`, { value: 1 }, 400, 'body/step'],
      ['POST', `${base}/trials/99/intermediate-values`, { step: 1, value: 1 }, 404, 'has no trial 99'],
      ['GET', `${base}/trials/99/should-prune`, undefined, 404, 'has no trial 99'],
      ['POST', `${base}/trials/99/heartbeat`, undefined, 404, 'has no trial 99'],
      ['PATCH', `${base}/trials/${number}`, { invalid: 'yes' }, 400, 'body/invalid'],
      ['GET', `${base}/trials?states=DONE`, undefined, 400, 'query/states'],
      ['GET', `${base}/trials?max_results=5000`, undefined, 400, 'query/max_results'],
      ['GET', `${base}/trials/99`, undefined, 404, 'has no trial 99'],
      ['GET', `${base}/importances?objective=x`, undefined, 400, 'query/objective'],
      ['GET', `${base}/plots/history?max_trials=0`, undefined, 400, 'query/max_trials'],
      ['GET', `/api/v1/hpo/studies/${unknown}/report`, undefined, 404, unknown],
      ['POST', `/api/v1/hpo/studies/${unknown}/complete`, undefined, 404, unknown],
    ];
    const failures: string[] = [];
    for (const [method, path, body, status, names] of cases) {
      const before = await hpoRowCounts(server.db);
      const answer = await call(server.url, method, path, body);
      const message = (answer.body as { message?: string }).message ?? '';
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      if (answer.status !== status)
        failures.push(`${label}: expected ${status}, got ${answer.status} ${message}`);
      else if (!message.includes(names)) failures.push(`${label}: "${message}" does not name ${names}`);
      const after = await hpoRowCounts(server.db);
      if (JSON.stringify(after) !== JSON.stringify(before))
        failures.push(`${label}: wrote ${JSON.stringify([before, after])}`);
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });
});

describe('hpo.study.completed', () => {
  it('is emitted once per completion, with the best params', async () => {
    const temp = await tempDir();
    const server = await startHpo({ store: await freshStore('sqlite', temp.dir), http: true });
    try {
      const seen: HpoStudyCompletedPayload[] = [];
      server.kernel.get(Hooks).on(HpoStudyCompleted, (p) => void seen.push(p));
      const { study_id } = (await call(server.url, 'POST', '/api/v1/hpo/studies', { name: 'evented' }))
        .body as {
        study_id: string;
      };
      const base = `/api/v1/hpo/studies/${study_id}`;
      for (const value of [4, 2, 3]) {
        const { number } = (
          await call(server.url, 'POST', `${base}/trials`, { search_space: { x: space.layers } })
        ).body as WireTrial;
        await call(server.url, 'POST', `${base}/trials/${number}/tell`, { value });
      }
      const best = (await call(server.url, 'GET', `${base}/trials/1`)).body as WireTrial;
      await call(server.url, 'POST', `${base}/complete`);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.deep.include({ studyId: study_id, studyName: 'evented', bestParams: best.params });
      expect(seen[0]!.bestTrials).to.deep.equal([{ number: 1, params: best.params, values: [2] }]);
      expect(seen[0]!.trialCounts).to.deep.include({ COMPLETE: 3, RUNNING: 0 });
    } finally {
      await server.stop();
      await temp.remove();
    }
  });
});
