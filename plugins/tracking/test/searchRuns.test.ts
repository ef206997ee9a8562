import { InvalidArgumentError, type Run, type RunQuery } from '@mlops/plugin-api';
import { expect } from 'chai';
import { countRows, describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

interface Seed {
  readonly name: string;
  readonly start: number;
  readonly acc?: number;
  readonly lr?: string;
  readonly team?: string;
}

const seeds: Seed[] = [
  { name: 'r1', start: 1000, acc: 0.95, lr: '0.01', team: 'vision' },
  { name: 'r2', start: 2000, acc: 0.85, lr: '0.1', team: 'nlp' },
  { name: 'r3', start: 3000, acc: Number.NaN, lr: '0.01', team: 'Vision-2' },
  { name: 'r4', start: 4000 },
  { name: 'r5', start: 5000, acc: 0.99, lr: '0.001', team: 'vision' },
];

describeOnStores('searchRuns', (target) => {
  let h: TrackingHarness;
  let experimentId: string;
  let otherId: string;
  const ids = new Map<string, string>();

  const search = async (query: RunQuery) =>
    (await h.tracking.searchRuns({ experimentIds: [experimentId], ...query }, h.call)).runs;
  const names = (runs: readonly Run[]) => runs.map((r) => r.info.runName);

  before(async () => {
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'search' }, h.call)).experimentId;
    otherId = (await h.tracking.createExperiment({ name: 'search-other' }, h.call)).experimentId;
    for (const s of seeds) {
      const { info } = await h.tracking.createRun(
        { experimentId, runName: s.name, startTime: s.start },
        h.call,
      );
      ids.set(s.name, info.runId);
      await h.tracking.logBatch(
        info.runId,
        {
          metrics: s.acc === undefined ? [] : [{ key: 'acc', value: s.acc, step: 0, timestamp: s.start }],
          params: s.lr === undefined ? [] : [{ key: 'lr', value: s.lr }],
          tags: s.team === undefined ? [] : [{ key: 'team', value: s.team }],
        },
        h.call,
      );
    }
    await h.tracking.updateRun(ids.get('r1')!, { status: 'FINISHED', endTime: 1500 }, h.call);
    await h.tracking.deleteRun(ids.get('r5')!, h.call);
    await h.tracking.logInputs(
      ids.get('r2')!,
      [
        {
          dataset: { name: 'iris', digest: 'd1', sourceType: 'local', source: '{}' },
          tags: [{ key: 'mlflow.data.context', value: 'train' }],
        },
      ],
      h.call,
    );
    const other = await h.tracking.createRun(
      { experimentId: otherId, runName: 'r6', startTime: 6000 },
      h.call,
    );
    await h.tracking.logBatch(
      other.info.runId,
      { metrics: [{ key: 'acc', value: 0.97, step: 0, timestamp: 1 }] },
      h.call,
    );
  });

  it("filters with MLflow's syntax: metrics, params, tags, attributes", async () => {
    expect(names(await search({ filter: 'metrics.acc > 0.9' }))).to.deep.equal(['r1']);
    expect(
      names(
        await search({ filter: "metrics.acc > 0.8 and params.lr = '0.01' and tags.team LIKE 'vision%'" }),
      ),
    ).to.deep.equal(['r1']);
    expect(names(await search({ filter: "tags.team ILIKE 'vision%'" }))).to.deep.equal(['r3', 'r1']);
    expect(names(await search({ filter: "attributes.status = 'FINISHED'" }))).to.deep.equal(['r1']);
    expect(names(await search({ filter: 'attributes.start_time >= 3000' }))).to.deep.equal(['r4', 'r3']);
    expect(names(await search({ filter: "attributes.run_name = 'r2'" }))).to.deep.equal(['r2']);
    expect(names(await search({ filter: 'attributes.end_time < 2000' }))).to.deep.equal(['r1']);
    expect(names(await search({ filter: `attributes.run_id = '${ids.get('r3')}'` }))).to.deep.equal(['r3']);
    expect(names(await search({ filter: 'metrics.acc != 0.85' }))).to.deep.equal(['r3', 'r1']);
  });

  it('adds OR, NOT, parentheses, IN and IS NULL', async () => {
    expect(names(await search({ filter: "metrics.acc < 0.9 OR tags.team = 'vision'" }))).to.deep.equal([
      'r2',
      'r1',
    ]);
    expect(names(await search({ filter: "NOT params.lr = '0.01'" }))).to.deep.equal(['r4', 'r2']);
    expect(names(await search({ filter: "params.lr IN ('0.1', '0.001')" }))).to.deep.equal(['r2']);
    expect(names(await search({ filter: "params.lr NOT IN ('0.01')" }))).to.deep.equal(['r2']);
    expect(names(await search({ filter: 'tags.team IS NULL' }))).to.deep.equal(['r4']);
    expect(names(await search({ filter: 'params.lr IS NOT NULL' }))).to.deep.equal(['r3', 'r2', 'r1']);
    expect(
      names(
        await search({
          filter:
            "(metrics.acc > 0.9 OR params.lr = '0.1') AND NOT (tags.team = 'nlp' OR attributes.status = 'RUNNING')",
        }),
      ),
    ).to.deep.equal(['r1']);
    expect(names(await search({ filter: 'NOT attributes.end_time > 1000' }))).to.deep.equal([
      'r4',
      'r3',
      'r2',
    ]);
  });

  it('filters on dataset inputs', async () => {
    expect(names(await search({ filter: "datasets.name = 'iris'" }))).to.deep.equal(['r2']);
    expect(
      names(await search({ filter: "datasets.context = 'train' and datasets.digest IN ('d1', 'd2')" })),
    ).to.deep.equal(['r2']);
  });

  it('includes deleted runs by view type, and searches every experiment when none is named', async () => {
    expect(names(await search({ filter: 'metrics.acc > 0.9', viewType: 'ALL' }))).to.deep.equal(['r5', 'r1']);
    expect(names(await search({ viewType: 'DELETED_ONLY' }))).to.deep.equal(['r5']);
    const all = await h.tracking.searchRuns({ filter: 'metrics.acc > 0.96', viewType: 'ALL' }, h.call);
    expect(names(all.runs)).to.deep.equal(['r6', 'r5']);
    const two = await h.tracking.searchRuns(
      { experimentIds: [experimentId, otherId], filter: 'metrics.acc > 0.9' },
      h.call,
    );
    expect(names(two.runs)).to.deep.equal(['r6', 'r1']);
  });

  it('orders by metric, param or attribute: present values, then NaN, then missing, in either direction', async () => {
    expect(names(await search({}))).to.deep.equal(['r4', 'r3', 'r2', 'r1']);
    expect(names(await search({ orderBy: ['metrics.acc DESC'] }))).to.deep.equal(['r1', 'r2', 'r3', 'r4']);
    expect(names(await search({ orderBy: ['metrics.acc ASC'] }))).to.deep.equal(['r2', 'r1', 'r3', 'r4']);
    expect(names(await search({ orderBy: ['params.lr'] }))).to.deep.equal(['r3', 'r1', 'r2', 'r4']);
    expect(names(await search({ orderBy: ['params.lr DESC', 'attributes.start_time ASC'] }))).to.deep.equal([
      'r2',
      'r1',
      'r3',
      'r4',
    ]);
    expect(names(await search({ orderBy: ['tags.team DESC'] }))).to.deep.equal(['r1', 'r2', 'r3', 'r4']);
    expect(names(await search({ orderBy: ['attributes.end_time DESC'] }))).to.deep.equal([
      'r1',
      'r4',
      'r3',
      'r2',
    ]);
    expect(names(await search({ orderBy: ['attributes.run_name DESC'] }))).to.deep.equal([
      'r4',
      'r3',
      'r2',
      'r1',
    ]);
  });

  it('pages by keyset across orders with ties, NaN and missing values, without duplicates or gaps', async () => {
    const e = (await h.tracking.createExperiment({ name: 'paging' }, h.call)).experimentId;
    const values = [
      0.5,
      0.5,
      0.1,
      Number.NaN,
      undefined,
      0.9,
      0.5,
      Number.NaN,
      undefined,
      0.3,
      0.7,
      0.5,
      0.2,
    ];
    for (const [i, v] of values.entries()) {
      const { info } = await h.tracking.createRun(
        { experimentId: e, runName: `p${i}`, startTime: 100 * (i % 4) },
        h.call,
      );
      if (v !== undefined)
        await h.tracking.logBatch(
          info.runId,
          {
            metrics: [{ key: 'acc', value: v, step: 0, timestamp: 0 }],
            params: [{ key: 'g', value: String(i % 3) }],
          },
          h.call,
        );
    }
    for (const orderBy of [
      ['metrics.acc ASC'],
      ['metrics.acc DESC'],
      ['params.g DESC', 'metrics.acc'],
      ['attributes.start_time'],
      [],
    ]) {
      const whole = names((await h.tracking.searchRuns({ experimentIds: [e], orderBy }, h.call)).runs);
      const paged: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await h.tracking.searchRuns(
          { experimentIds: [e], orderBy, maxResults: 3, ...(pageToken ? { pageToken } : {}) },
          h.call,
        );
        paged.push(...names(page.runs));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      expect(paged, orderBy.join()).to.deep.equal(whole);
      expect(new Set(paged).size).to.equal(values.length);
    }
  });

  it('orders by a metric the filter requires through its value index, with the same pages and count', async () => {
    const e = (await h.tracking.createExperiment({ name: 'paging-required' }, h.call)).experimentId;
    const values = [0.5, 0.5, 0.1, Number.NaN, undefined, 0.9, 0.5, 0.3, 0.7, 0.5, 0.2, 0.35];
    const runIds: string[] = [];
    for (const [i, v] of values.entries()) {
      const { info } = await h.tracking.createRun(
        { experimentId: e, runName: `q${i}`, startTime: 100 * (i % 3) },
        h.call,
      );
      runIds.push(info.runId);
      await h.tracking.logBatch(
        info.runId,
        {
          metrics: v === undefined ? [] : [{ key: 'acc', value: v, step: 0, timestamp: 0 }],
          params: [{ key: 'g', value: String(i % 2) }],
        },
        h.call,
      );
    }
    const expected = (keep: (v: number, i: number) => boolean, direction: 1 | -1) =>
      values
        .map((v, i) => ({ v, i }))
        .filter(
          (x): x is { v: number; i: number } => x.v !== undefined && !Number.isNaN(x.v) && keep(x.v, x.i),
        )
        .sort(
          (a, b) =>
            direction * (a.v - b.v) || (b.i % 3) - (a.i % 3) || (runIds[a.i]! < runIds[b.i]! ? -1 : 1),
        )
        .map((x) => `q${x.i}`);
    const cases = [
      { filter: 'metrics.acc >= 0.3', orderBy: ['metrics.acc DESC'], want: expected((v) => v >= 0.3, -1) },
      {
        filter: "metrics.acc > 0.1 and metrics.acc <= 0.5 and params.g = '0'",
        orderBy: ['metrics.acc ASC'],
        want: expected((v, i) => v > 0.1 && v <= 0.5 && i % 2 === 0, 1),
      },
    ];
    for (const { filter, orderBy, want } of cases) {
      const whole = await h.tracking.searchRuns(
        { experimentIds: [e], filter, orderBy, withCount: true },
        h.call,
      );
      expect(names(whole.runs), filter).to.deep.equal(want);
      expect(whole.totalCount, filter).to.equal(want.length);
      const paged: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await h.tracking.searchRuns(
          { experimentIds: [e], filter, orderBy, maxResults: 2, ...(pageToken ? { pageToken } : {}) },
          h.call,
        );
        paged.push(...names(page.runs));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      expect(paged, filter).to.deep.equal(want);
    }
  });

  it('keeps pages exact while runs are created between them', async () => {
    const e = (await h.tracking.createExperiment({ name: 'paging-live' }, h.call)).experimentId;
    const add = async (name: string, acc: number) => {
      const { info } = await h.tracking.createRun({ experimentId: e, runName: name }, h.call);
      await h.tracking.logBatch(
        info.runId,
        { metrics: [{ key: 'acc', value: acc, step: 0, timestamp: 0 }] },
        h.call,
      );
    };
    for (let i = 0; i < 6; i++) await add(`a${i}`, i / 10);
    const query = { experimentIds: [e], orderBy: ['metrics.acc DESC'], maxResults: 2 };
    const first = await h.tracking.searchRuns(query, h.call);
    expect(names(first.runs)).to.deep.equal(['a5', 'a4']);
    await add('before-cursor', 0.99);
    await add('after-cursor', 0.35);
    const rest: string[] = [];
    let pageToken = first.nextPageToken;
    while (pageToken !== undefined) {
      const page = await h.tracking.searchRuns({ ...query, pageToken }, h.call);
      rest.push(...names(page.runs));
      pageToken = page.nextPageToken;
    }
    expect(rest).to.deep.equal(['after-cursor', 'a3', 'a2', 'a1', 'a0']);
  });

  it('returns run info alone unless parts are asked for, and counts every match', async () => {
    const infoOnly = await h.tracking.searchRuns(
      {
        experimentIds: [experimentId],
        include: {},
        filter: "params.lr = '0.01'",
        maxResults: 1,
        withCount: true,
      },
      h.call,
    );
    expect(infoOnly.totalCount).to.equal(2);
    expect(infoOnly.runs).to.have.length(1);
    expect(infoOnly.runs[0]!.data).to.deep.equal({ metrics: [], params: [], tags: [] });
    expect(infoOnly.runs[0]!.inputs).to.deep.equal({ datasetInputs: [] });
    const params = await h.tracking.searchRuns(
      { experimentIds: [experimentId], include: { params: true }, filter: "attributes.run_name = 'r1'" },
      h.call,
    );
    expect(params.runs[0]!.data).to.deep.equal({
      metrics: [],
      params: [{ key: 'lr', value: '0.01' }],
      tags: [],
    });
    const whole = await search({ filter: "attributes.run_name = 'r2'" });
    expect(whole[0]!.data.metrics).to.deep.equal([{ key: 'acc', value: 0.85, step: 0, timestamp: 2000 }]);
    expect(whole[0]!.inputs.datasetInputs).to.have.length(1);
    expect((await h.tracking.searchRuns({ experimentIds: [experimentId] }, h.call)).totalCount).to.equal(
      undefined,
    );
  });

  it('compiles each condition to its own subquery, never joining params, tags and metrics', async () => {
    const sql: string[] = [];
    const listen = (q: { sql: string }) => sql.push(q.sql.toLowerCase().replace(/[`"]/g, ''));
    h.db.on('query', listen);
    await search({
      filter: "metrics.acc > 0.1 and params.lr = '0.01' and tags.team = 'vision'",
      include: {},
    });
    h.db.removeListener('query', listen);
    const main = sql.find((s) => s.includes('from tracking_runs as r'))!;
    expect(main).to.not.include('join');
    expect(main.match(/in \(select/g)).to.have.length(3);
  });

  it('binds values, so an injection attempt is just a value that matches nothing', async () => {
    const runsBefore = await countRows(h.db, 'tracking_runs');
    expect(await search({ filter: "params.lr = '0.01'' OR ''1''=''1'" })).to.deep.equal([]);
    expect(await search({ filter: "tags.`team') OR 1=1 --` = 'x'" })).to.deep.equal([]);
    expect(
      await search({ filter: "attributes.run_name = 'x''; DROP TABLE tracking_runs; --'" }),
    ).to.deep.equal([]);
    expect(names(await search({ orderBy: ['metrics.`acc; DROP TABLE tracking_runs` DESC'] }))).to.deep.equal([
      'r4',
      'r3',
      'r2',
      'r1',
    ]);
    expect(await countRows(h.db, 'tracking_runs')).to.equal(runsBefore);
  });

  it('names the position of a parse error, and refuses bad orders, sizes and tokens', async () => {
    const parse = await rejection(search({ filter: 'metrics.acc ~ 0.9' }));
    expect(parse).to.be.instanceOf(InvalidArgumentError);
    expect(parse.message).to.equal(
      'filter: expected a comparator after "metrics.acc" at position 12, found "~"',
    );
    expect(parse.details).to.include({ field: 'filter', position: 12 });
    const order = await rejection(search({ orderBy: ['metrics.acc', 'metrics.acc DESC'] }));
    expect(order.message).to.equal(
      "`order_by` contains duplicate fields: ['metrics.acc', 'metrics.acc DESC']",
    );
    const size = await rejection(search({ maxResults: 50_001 }));
    expect(size.message).to.equal(
      'Invalid value for request parameter max_results. It must be at most 50000, but got value 50001',
    );
    const token = await rejection(search({ pageToken: 'garbage' }));
    expect(token.message).to.equal('invalid page token: it was not made by this query');
    const first = await h.tracking.searchRuns({ experimentIds: [experimentId], maxResults: 1 }, h.call);
    const other = await rejection(search({ filter: 'metrics.acc > 0', pageToken: first.nextPageToken! }));
    expect(other.message).to.equal(
      'invalid page token: it belongs to a query with another filter, order or key',
    );
    const like = await rejection(search({ filter: "tags.team LIKE 'a\\\\'" }));
    expect(like.message).to.equal(
      "filter: the LIKE pattern 'a\\' (comparison at position 0) ends with an escape character (\\)",
    );
  });

  it('treats % and _ as wildcards and \\ as their escape, case-sensitively for LIKE', async () => {
    const e = (await h.tracking.createExperiment({ name: 'like' }, h.call)).experimentId;
    for (const value of ['50%_off', '50 off', 'ABC', 'abc', 'a*c']) {
      const { info } = await h.tracking.createRun({ experimentId: e, runName: value }, h.call);
      await h.tracking.logBatch(info.runId, { tags: [{ key: 'v', value }] }, h.call);
    }
    const like = async (filter: string) =>
      names(
        (
          await h.tracking.searchRuns(
            { experimentIds: [e], filter, orderBy: ['attributes.run_name'] },
            h.call,
          )
        ).runs,
      );
    expect(await like("tags.v LIKE '50\\%\\_%'")).to.deep.equal(['50%_off']);
    expect(await like("tags.v LIKE '50%'")).to.deep.equal(['50 off', '50%_off']);
    expect(await like("tags.v LIKE 'a_c'")).to.deep.equal(['a*c', 'abc']);
    expect(await like("tags.v ILIKE 'a_c'")).to.deep.equal(['ABC', 'a*c', 'abc']);
    expect(await like("tags.v LIKE 'a*c'")).to.deep.equal(['a*c']);
  });
});
