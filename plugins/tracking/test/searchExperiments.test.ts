import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('searchExperiments', (target) => {
  let h: TrackingHarness;
  const names = async (query: Parameters<TrackingHarness['tracking']['searchExperiments']>[0]) =>
    (await h.tracking.searchExperiments(query, h.call)).items.map((e) => e.name);

  before(async () => {
    h = await target.start();
    for (const [name, team] of [
      ['vision-a', 'cv'],
      ['vision-b', 'cv'],
      ['nlp-a', 'nlp'],
      ['tabular', undefined],
    ] as const) {
      const e = await h.tracking.createExperiment({ name, ...(team ? { tags: { team } } : {}) }, h.call);
      await new Promise((r) => setTimeout(r, 3));
      if (name === 'tabular') await h.tracking.deleteExperiment(e.experimentId, h.call);
    }
  });

  it('lists active experiments newest first by default, Default included', async () => {
    expect(await names({})).to.deep.equal(['nlp-a', 'vision-b', 'vision-a', 'Default']);
    expect(await names({ viewType: 'DELETED_ONLY' })).to.deep.equal(['tabular']);
    expect(await names({ viewType: 'ALL', orderBy: ['name ASC'] })).to.deep.equal([
      'Default',
      'nlp-a',
      'tabular',
      'vision-a',
      'vision-b',
    ]);
  });

  it('filters by name, tags and times, with OR, NOT, IN and IS NULL', async () => {
    expect(await names({ filter: "name LIKE 'vision%'", orderBy: ['name'] })).to.deep.equal([
      'vision-a',
      'vision-b',
    ]);
    expect(await names({ filter: "tags.team = 'cv' AND NOT name = 'vision-a'" })).to.deep.equal(['vision-b']);
    expect(await names({ filter: "tags.team IN ('nlp') OR name = 'Default'" })).to.deep.equal([
      'nlp-a',
      'Default',
    ]);
    expect(await names({ filter: 'tags.team IS NULL' })).to.deep.equal(['Default']);
    const created = (await h.tracking.getExperimentByName('vision-b', h.call)).creationTime;
    expect(await names({ filter: `creation_time >= ${created}` })).to.deep.equal(['nlp-a', 'vision-b']);
  });

  it('orders by name, creation_time and last_update_time and pages by keyset', async () => {
    expect(await names({ orderBy: ['name DESC'] })).to.deep.equal([
      'vision-b',
      'vision-a',
      'nlp-a',
      'Default',
    ]);
    expect(await names({ orderBy: ['creation_time ASC'] })).to.deep.equal([
      'Default',
      'vision-a',
      'vision-b',
      'nlp-a',
    ]);
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await h.tracking.searchExperiments(
        {
          orderBy: ['last_update_time DESC'],
          maxResults: 1,
          viewType: 'ALL',
          ...(pageToken ? { pageToken } : {}),
        },
        h.call,
      );
      seen.push(...page.items.map((e) => e.name));
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    expect(seen).to.deep.equal(['tabular', 'nlp-a', 'vision-b', 'vision-a', 'Default']);
  });

  it('returns tags with each experiment', async () => {
    const [e] = (await h.tracking.searchExperiments({ filter: "name = 'nlp-a'" }, h.call)).items;
    expect(e!.tags).to.deep.equal({ team: 'nlp' });
  });

  it('refuses a bad filter, order or page size', async () => {
    const filter = await rejection(h.tracking.searchExperiments({ filter: 'metrics.acc > 1' }, h.call));
    expect(filter).to.be.instanceOf(InvalidArgumentError);
    expect(filter.message).to.equal(
      'filter: unknown entity type "metrics" at position 0; expected one of attributes, tags',
    );
    const order = await rejection(h.tracking.searchExperiments({ orderBy: ['tags.team'] }, h.call));
    expect(order.message).to.equal(
      'orderBy[0]: cannot order by tags (found "tags.team" at position 0); expected one of attributes',
    );
    const size = await rejection(h.tracking.searchExperiments({ maxResults: 0 }, h.call));
    expect(size.message).to.equal('Invalid value for max_results. It must be a positive integer, but got 0');
  });
});
