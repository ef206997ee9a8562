import { InvalidArgumentError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');

describeOnBackends('searchVersions', (backend) => {
  let k: RegistryKernel;
  before(async () => {
    k = await startRegistry(backend);
    for (let i = 1; i <= 4; i++) {
      await k.registry.createVersion(
        {
          model: 'churn',
          source: `s3://models/churn/${i}`,
          runId: `run${i}`,
          tags: i % 2 === 0 ? { validated: 'yes' } : {},
        },
        alice,
      );
    }
    await k.registry.createVersion({ model: 'fraud', source: 'runs:/run9/model' }, alice);
    await k.registry.deleteVersion({ model: 'churn', version: 4 }, alice);
  });
  after(async () => {
    await k.kernel.stop();
  });

  const refs = async (query: Parameters<typeof k.registry.searchVersions>[0]) =>
    (await k.registry.searchVersions(query, alice)).items.map((v) => `${v.model}/${v.version}`);

  it("filters by MLflow's model version fields and tags", async () => {
    expect(await refs({ filter: "name = 'churn'", orderBy: ['version_number ASC'] })).to.deep.equal([
      'churn/1',
      'churn/2',
      'churn/3',
    ]);
    expect(
      await refs({ filter: "name = 'churn' AND version_number >= 2", orderBy: ['version_number ASC'] }),
    ).to.deep.equal(['churn/2', 'churn/3']);
    expect(await refs({ filter: "run_id IN ('run1', 'run9')", orderBy: ['name ASC'] })).to.deep.equal([
      'churn/1',
      'fraud/1',
    ]);
    expect(await refs({ filter: "source_path LIKE 'runs:/%'" })).to.deep.equal(['fraud/1']);
    expect(await refs({ filter: "tags.validated = 'yes'" })).to.deep.equal(['churn/2']);
    expect(
      await refs({ filter: "tags.validated = 'yes'", viewType: 'ALL', orderBy: ['version_number DESC'] }),
    ).to.deep.equal(['churn/4', 'churn/2']);
  });

  it("orders by MLflow's default: last update DESC, name ASC, version DESC", async () => {
    const all = await k.registry.searchVersions({}, alice);
    const sorted = [...all.items].sort(
      (a, b) =>
        b.lastUpdatedTime - a.lastUpdatedTime ||
        (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) ||
        b.version - a.version,
    );
    expect(all.items.map((v) => v.ref)).to.deep.equal(sorted.map((v) => v.ref));
    expect(all.items).to.have.length(4);
  });

  it('pages by keyset through every version once', async () => {
    const expected = await refs({ orderBy: ['name ASC', 'version_number ASC'] });
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await k.registry.searchVersions(
        {
          orderBy: ['name ASC', 'version_number ASC'],
          maxResults: 3,
          ...(pageToken === undefined ? {} : { pageToken }),
        },
        alice,
      );
      seen.push(...page.items.map((v) => `${v.model}/${v.version}`));
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    expect(seen).to.deep.equal(expected);
  });

  it('refuses what MLflow refuses, naming the field', async () => {
    const cases: [Parameters<typeof k.registry.searchVersions>[0], string][] = [
      [{ filter: "version_number = 'two'" }, 'filter'],
      [{ filter: 'metrics.acc > 1' }, 'filter'],
      [{ orderBy: ['run_id ASC'] }, 'orderBy[0]'],
      [{ maxResults: 200_001 }, 'maxResults'],
    ];
    for (const [query, field] of cases) {
      const err = await rejectionOf(k.registry.searchVersions(query, alice), JSON.stringify(query));
      expect(err, JSON.stringify(query)).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
  });
});
