import { expect } from 'chai';
import { type AuthServer, asAdmin, createUser, ok, startAuthServer } from './startAuthServer.js';

/** Every page of a search: the page sizes and the items' names, in order. */
async function allPages(
  fetchPage: (token: string | undefined) => Promise<{ items: string[]; next?: string }>,
): Promise<{ sizes: number[]; names: string[] }> {
  const sizes: number[] = [];
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    sizes.push(page.items.length);
    names.push(...page.items);
    token = page.next;
  } while (token !== undefined && sizes.length < 20);
  return { sizes, names };
}

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`auth plugin: searches return only what the caller may read, on ${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, function () {
    this.timeout(60_000);
    let server: AuthServer;
    let alice: string;
    const experimentIds = new Map<string, string>();

    const createExperiment = async (as: string, name: string) => {
      const id = ok<{ experiment_id: string }>(
        await server.call('POST', '/api/2.0/mlflow/experiments/create', { as, body: { name } }),
      ).experiment_id;
      experimentIds.set(name, id);
      ok(
        await server.call('POST', '/api/2.0/mlflow/runs/create', {
          as,
          body: { experiment_id: id, run_name: `run-of-${name}`, start_time: Date.now() },
        }),
      );
      return id;
    };
    const grant = async (kind: 'experiments' | 'models', id: string, who: string, permission: string) =>
      ok(
        await server.call('PUT', `/api/v1/${kind}/${encodeURIComponent(id)}/permissions/${who}`, {
          as: asAdmin,
          body: { permission },
        }),
      );

    before(async function () {
      this.timeout(600_000); // a fresh machine installs PostgreSQL first
      server = await startAuthServer({ store, auth: { defaultPermission: 'NO_PERMISSIONS' } });
      alice = await createUser(server, 'alice');
      ok(await server.call('POST', '/api/v1/groups', { as: asAdmin, body: { name: 'team' } }));
      ok(await server.call('PUT', '/api/v1/groups/team/members/alice', { as: asAdmin }));
      for (const name of ['e1', 'e2', 'e3', 'e4', 'e5']) await createExperiment(asAdmin, name);
      for (const name of ['a1', 'a2', 'a3']) await createExperiment(alice, name);
      await grant('experiments', experimentIds.get('e2')!, 'users/alice', 'READ');
      await grant('experiments', experimentIds.get('e4')!, 'groups/team', 'EDIT');
      // Her own grant wins over her group's.
      await grant('experiments', experimentIds.get('e5')!, 'groups/team', 'READ');
      await grant('experiments', experimentIds.get('e5')!, 'users/alice', 'NO_PERMISSIONS');
      for (const name of ['m1', 'm2', 'm3']) {
        ok(
          await server.call('POST', '/api/2.0/mlflow/registered-models/create', {
            as: asAdmin,
            body: { name },
          }),
        );
        ok(
          await server.call('POST', '/api/2.0/mlflow/model-versions/create', {
            as: asAdmin,
            body: { name, source: 's3://bucket/model' },
          }),
        );
      }
      ok(
        await server.call('POST', '/api/2.0/mlflow/registered-models/create', {
          as: alice,
          body: { name: 'alices' },
        }),
      );
      ok(
        await server.call('POST', '/api/2.0/mlflow/model-versions/create', {
          as: alice,
          body: { name: 'alices', source: 's3://bucket/model' },
        }),
      );
      await grant('models', 'm2', 'users/alice', 'READ');
    });
    after(() => server?.stop());

    it('pages experiments in full, skipping the unreadable ones', async () => {
      const result = await allPages(async (token) => {
        const body = ok<{ experiments?: { name: string }[]; next_page_token?: string }>(
          await server.call('POST', '/api/2.0/mlflow/experiments/search', {
            as: alice,
            body: {
              max_results: 2,
              order_by: ['name ASC'],
              ...(token === undefined ? {} : { page_token: token }),
            },
          }),
        );
        return {
          items: (body.experiments ?? []).map((e) => e.name),
          ...(body.next_page_token === undefined ? {} : { next: body.next_page_token }),
        };
      });
      expect(result.names).to.deep.equal(['a1', 'a2', 'a3', 'e2', 'e4']);
      expect(result.sizes).to.deep.equal([2, 2, 1]);
      // The admin sees every experiment, the Default one included.
      const all = ok<{ experiments: unknown[] }>(
        await server.call('POST', '/api/2.0/mlflow/experiments/search', {
          as: asAdmin,
          body: { max_results: 100 },
        }),
      );
      expect(all.experiments).to.have.length(9);
    });

    it('pages runs in full and counts only readable ones, even when unreadable experiments are named', async () => {
      const result = await allPages(async (token) => {
        const query = new URLSearchParams({
          max_results: '2',
          count: 'true',
          order_by: 'attributes.run_name ASC',
        });
        if (token !== undefined) query.set('page_token', token);
        const body = ok<{ runs: { run_name: string }[]; next_page_token?: string; total_count: number }>(
          await server.call('GET', `/api/v1/runs?${query}`, { as: alice }),
        );
        expect(body.total_count).to.equal(5);
        return {
          items: body.runs.map((r) => r.run_name),
          ...(body.next_page_token === undefined ? {} : { next: body.next_page_token }),
        };
      });
      expect(result.names).to.deep.equal(['run-of-a1', 'run-of-a2', 'run-of-a3', 'run-of-e2', 'run-of-e4']);
      expect(result.sizes).to.deep.equal([2, 2, 1]);
      const named = ok<{ runs?: { info: { run_name: string } }[] }>(
        await server.call('POST', '/api/2.0/mlflow/runs/search', {
          as: alice,
          body: {
            experiment_ids: [experimentIds.get('e1'), experimentIds.get('e2'), experimentIds.get('e5')],
          },
        }),
      );
      expect((named.runs ?? []).map((r) => r.info.run_name)).to.deep.equal(['run-of-e2']);
    });

    it('pages registered models and model versions, skipping the unreadable ones', async () => {
      const models = await allPages(async (token) => {
        const query = new URLSearchParams({ max_results: '1' });
        if (token !== undefined) query.set('page_token', token);
        const body = ok<{ registered_models?: { name: string }[]; next_page_token?: string }>(
          await server.call('GET', `/api/2.0/mlflow/registered-models/search?${query}`, { as: alice }),
        );
        return {
          items: (body.registered_models ?? []).map((m) => m.name),
          ...(body.next_page_token === undefined ? {} : { next: body.next_page_token }),
        };
      });
      expect(models.names).to.deep.equal(['alices', 'm2']);
      expect(models.sizes).to.deep.equal([1, 1]);
      const versions = ok<{ model_versions?: { name: string }[] }>(
        await server.call('GET', '/api/2.0/mlflow/model-versions/search?max_results=10', { as: alice }),
      );
      expect((versions.model_versions ?? []).map((v) => v.name).sort()).to.deep.equal(['alices', 'm2']);
    });

    it('lets a group read everything but what one member is refused by name', async () => {
      // A group may read every experiment, and one of them is refused to a member by name.
      const bob = await createUser(server, 'bob');
      ok(await server.call('POST', '/api/v1/groups', { as: asAdmin, body: { name: 'readers' } }));
      ok(await server.call('PUT', '/api/v1/groups/readers/members/bob', { as: asAdmin }));
      for (const id of experimentIds.values()) await grant('experiments', id, 'groups/readers', 'READ');
      await grant('experiments', experimentIds.get('a2')!, 'users/bob', 'NO_PERMISSIONS');
      const body = ok<{ experiments: { name: string }[] }>(
        await server.call('POST', '/api/2.0/mlflow/experiments/search', {
          as: bob,
          body: { max_results: 100, order_by: ['name ASC'] },
        }),
      );
      expect(body.experiments.map((e) => e.name)).to.deep.equal(['a1', 'a3', 'e1', 'e2', 'e3', 'e4', 'e5']);
    });
  });
}

describe('auth plugin: searches with READ as the default permission', function () {
  this.timeout(30_000);
  let server: AuthServer;
  before(async () => {
    server = await startAuthServer();
  });
  after(() => server?.stop());

  it('shows everything but what the caller was refused', async () => {
    const carol = await createUser(server, 'carol');
    const ids: string[] = [];
    for (const name of ['x1', 'x2', 'x3']) {
      ids.push(
        ok<{ experiment_id: string }>(
          await server.call('POST', '/api/2.0/mlflow/experiments/create', { as: asAdmin, body: { name } }),
        ).experiment_id,
      );
    }
    ok(
      await server.call('PUT', `/api/v1/experiments/${ids[1]}/permissions/users/carol`, {
        as: asAdmin,
        body: { permission: 'NO_PERMISSIONS' },
      }),
    );
    const body = ok<{ experiments: { name: string }[] }>(
      await server.call('POST', '/api/2.0/mlflow/experiments/search', {
        as: carol,
        body: { max_results: 100, order_by: ['name ASC'] },
      }),
    );
    expect(body.experiments.map((e) => e.name)).to.deep.equal(['Default', 'x1', 'x3']);
    const refused = await server.call('GET', `/api/2.0/mlflow/experiments/get?experiment_id=${ids[1]}`, {
      as: carol,
    });
    expect(refused.status).to.equal(403);
    expect(refused.body).to.deep.equal({
      error_code: 'PERMISSION_DENIED',
      message: `"carol" may not READ experiment "${ids[1]}"`,
      details: { reason: 'forbidden' },
    });
  });
});
