import { InvalidArgumentError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');

describeOnBackends('searchModels', (backend) => {
  let k: RegistryKernel;
  before(async () => {
    k = await startRegistry(backend);
    const models: [string, Record<string, string>][] = [
      ['churn', { team: 'risk', tier: 'gold' }],
      ['Churn-EU', { team: 'risk' }],
      ['fraud', { team: 'risk', tier: 'silver' }],
      ['ranker', { team: 'search' }],
      ['recsys_v2', {}],
      ['50%_off', { team: 'growth' }],
    ];
    for (const [name, tags] of models) {
      await k.registry.createModel({ name, tags }, alice);
      await new Promise((r) => setTimeout(r, 2));
    }
    await k.registry.deleteModel('ranker', alice);
  });
  after(async () => {
    await k.kernel.stop();
  });

  const names = async (query: Parameters<typeof k.registry.searchModels>[0]) =>
    (await k.registry.searchModels(query, alice)).items.map((m) => m.name);

  it('filters by name with =, !=, LIKE (case-sensitive) and ILIKE, as MLflow', async () => {
    expect(await names({ filter: "name = 'churn'" })).to.deep.equal(['churn']);
    expect(await names({ filter: "name != 'churn'" })).to.deep.equal([
      '50%_off',
      'Churn-EU',
      'fraud',
      'recsys_v2',
    ]);
    expect(await names({ filter: "name LIKE 'churn%'" })).to.deep.equal(['churn']);
    expect(await names({ filter: "name ILIKE 'churn%'" })).to.deep.equal(['Churn-EU', 'churn']);
    expect(await names({ filter: "name LIKE 'rec_ys%'" })).to.deep.equal(['recsys_v2']);
    expect(await names({ filter: "name LIKE '50[%]%'" })).to.deep.equal([]);
    expect(await names({ filter: "name LIKE '50%'" })).to.deep.equal(['50%_off']);
  });

  it('filters by tags (a row is never repeated per tag), with AND, OR, NOT and IN', async () => {
    expect(await names({ filter: "tags.team = 'risk'" })).to.deep.equal(['Churn-EU', 'churn', 'fraud']);
    expect(await names({ filter: "tags.team = 'risk' AND tags.tier = 'gold'" })).to.deep.equal(['churn']);
    expect(await names({ filter: "tags.tier != 'gold'" })).to.deep.equal(['fraud']);
    expect(await names({ filter: "tags.tier = 'gold' OR name LIKE 'rec%'" })).to.deep.equal([
      'churn',
      'recsys_v2',
    ]);
    expect(await names({ filter: "NOT tags.team = 'risk'" })).to.deep.equal(['50%_off', 'recsys_v2']);
    expect(await names({ filter: "tags.team IN ('growth', 'search')" })).to.deep.equal(['50%_off']);
    expect(
      await names({ filter: "tags.`team` LIKE 'r%' AND NOT (name = 'fraud' OR name = 'churn')" }),
    ).to.deep.equal(['Churn-EU']);
  });

  it('shows deleted models only when asked', async () => {
    expect(await names({ filter: "tags.team = 'search'" })).to.deep.equal([]);
    expect(await names({ filter: "tags.team = 'search'", viewType: 'ALL' })).to.deep.equal(['ranker']);
    expect(await names({ viewType: 'DELETED_ONLY' })).to.deep.equal(['ranker']);
  });

  it('orders by name, creation and last update time, ties broken by name', async () => {
    expect(await names({ orderBy: ['name DESC'] })).to.deep.equal([
      'recsys_v2',
      'fraud',
      'churn',
      'Churn-EU',
      '50%_off',
    ]);
    expect(await names({ orderBy: ['creation_timestamp DESC'] })).to.deep.equal([
      '50%_off',
      'recsys_v2',
      'fraud',
      'Churn-EU',
      'churn',
    ]);
    expect(await names({ orderBy: ['timestamp ASC'] })).to.deep.equal([
      'churn',
      'Churn-EU',
      'fraud',
      'recsys_v2',
      '50%_off',
    ]);
  });

  it('pages by keyset, each row once, in order', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await k.registry.searchModels(
        {
          orderBy: ['last_updated_timestamp DESC'],
          maxResults: 2,
          ...(pageToken === undefined ? {} : { pageToken }),
        },
        alice,
      );
      seen.push(...page.items.map((m) => m.name));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== undefined);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(await names({ orderBy: ['last_updated_timestamp DESC'] }));
  });

  it('refuses bad filters, orders, limits, views and tokens, naming the field', async () => {
    const cases: [Parameters<typeof k.registry.searchModels>[0], string, string][] = [
      [{ filter: "name = 'a' AND" }, 'filter', 'filter: expected'],
      [{ filter: 'version_number = 1' }, 'filter', 'filter: unknown attribute "version_number"'],
      [{ filter: "name > 'a'" }, 'filter', 'filter: "name" can only be compared with'],
      [{ orderBy: ['size DESC'] }, 'orderBy[0]', 'orderBy[0]: '],
      [{ orderBy: ['name ASC', 'name DESC'] }, 'orderBy[1]', 'orderBy[1]: orderBy names "name" twice'],
      [{ maxResults: 1001 }, 'maxResults', 'maxResults must be an integer from 1 to 1000, got 1001'],
      [
        { viewType: 'SOME' as 'ALL' },
        'viewType',
        'viewType "SOME" is not one of ACTIVE_ONLY, DELETED_ONLY, ALL',
      ],
      [{ pageToken: 'garbage' }, 'pageToken', 'pageToken "garbage" is not a page token'],
    ];
    for (const [query, field, start] of cases) {
      const err = await rejectionOf(k.registry.searchModels(query, alice), JSON.stringify(query));
      expect(err, JSON.stringify(query)).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message.startsWith(start), (err as Error).message).to.equal(true);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
    const page = await k.registry.searchModels({ maxResults: 1 }, alice);
    const other = await rejectionOf(
      k.registry.searchModels(
        { maxResults: 1, orderBy: ['name DESC'], pageToken: page.nextPageToken! },
        alice,
      ),
      'a token of another order',
    );
    expect((other as Error).message).to.equal(
      `pageToken "${page.nextPageToken}" was returned by another query (filter, order or view differ)`,
    );
  });
});
