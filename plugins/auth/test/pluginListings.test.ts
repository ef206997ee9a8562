import { hpoPlugin } from '@mlops/plugin-hpo';
import { servingPlugin } from '@mlops/plugin-serving';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { type AuthServer, asAdmin, createUser, ok, startAuthServer } from './startAuthServer.js';

/** Every page of the study listing as `as` sees it, `pageSize` at a time: page sizes and names. */
async function listStudies(server: AuthServer, as: string, pageSize: number) {
  const sizes: number[] = [];
  const names: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ max_results: String(pageSize) });
    if (token !== undefined) query.set('page_token', token);
    const page = ok<{ studies: { name: string }[]; next_page_token?: string }>(
      await server.call('GET', `/api/v1/hpo/studies?${query}`, { as }),
    );
    sizes.push(page.studies.length);
    names.push(...page.studies.map((s) => s.name));
    token = page.next_page_token;
  } while (token !== undefined && sizes.length < 20);
  return { sizes, names };
}

async function listDeployments(server: AuthServer, as: string, environment?: string): Promise<string[]> {
  const query = environment === undefined ? '' : `?environment=${environment}`;
  const body = ok<{ deployments: { name: string }[] }>(
    await server.call('GET', `/api/v1/deployments${query}`, { as }),
  );
  return body.deployments.map((d) => d.name);
}

for (const defaultPermission of ['NO_PERMISSIONS', 'READ'] as const) {
  describe(`auth plugin: HPO studies and deployments are listed by what the caller may read (default ${defaultPermission})`, function () {
    this.timeout(60_000);
    let server: AuthServer;
    let alice: string;
    let bob: string;
    const studyIds = new Map<string, string>();
    const grant = async (as: string, path: string, permission: string) =>
      ok(await server.call('PUT', `${path}/permissions/users/bob`, { as, body: { permission } }));

    before(async () => {
      server = await startAuthServer({
        auth: { defaultPermission },
        plugins: [hpoPlugin(), servingPlugin()],
      });
      alice = await createUser(server, 'alice');
      bob = await createUser(server, 'bob');
      // Alice's model, which Bob may read (and so deploy) under either default.
      const experimentId = ok<{ experiment_id: string }>(
        await server.call('POST', '/api/2.0/mlflow/experiments/create', { as: alice, body: { name: 'e' } }),
      ).experiment_id;
      const runId = ok<{ run: { info: { run_id: string } } }>(
        await server.call('POST', '/api/2.0/mlflow/runs/create', {
          as: alice,
          body: { experiment_id: experimentId },
        }),
      ).run.info.run_id;
      ok(
        await server.call(
          'PUT',
          `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model/model.onnx`,
          { as: alice, body: logisticRegressionModel([1, 2], 0) },
        ),
      );
      ok(await server.call('POST', '/api/v1/models', { as: alice, body: { name: 'm' } }));
      ok(
        await server.call('POST', '/api/2.0/mlflow/model-versions/create', {
          as: alice,
          body: { name: 'm', source: `runs:/${runId}/model`, run_id: runId },
        }),
      );
      await grant(alice, '/api/v1/models/m', 'READ');

      const studies: [string, string][] = [
        [alice, 'alice-a'],
        [alice, 'alice-b'],
        [alice, 'alice-c'],
        [bob, 'bob-a'],
        [asAdmin, 'admin-a'],
      ];
      for (const [as, name] of studies) {
        const created = ok<{ study_id: string }>(
          await server.call('POST', '/api/v1/hpo/studies', { as, body: { name } }),
        );
        studyIds.set(name, created.study_id);
      }
      const deployments: [string, string, string][] = [
        [alice, 'alice-1', 'dev'],
        [alice, 'alice-2', 'staging'],
        [bob, 'bob-1', 'dev'],
        [asAdmin, 'admin-1', 'dev'],
      ];
      for (const [as, name, environment] of deployments) {
        ok(
          await server.call('POST', '/api/v1/deployments', {
            as,
            body: { name, model: 'm', version: 1, environment },
          }),
        );
      }
      // NO_PERMISSIONS: Alice shows Bob one study and one deployment; READ: she hides one of each.
      const level = defaultPermission === 'READ' ? 'NO_PERMISSIONS' : 'READ';
      const study = defaultPermission === 'READ' ? 'alice-c' : 'alice-b';
      const deployment = defaultPermission === 'READ' ? 'alice-2' : 'alice-1';
      await grant(alice, `/api/v1/hpo/studies/${studyIds.get(study)}`, level);
      await grant(alice, `/api/v1/deployments/${deployment}`, level);
    });
    after(() => server?.stop());

    it('lets a deployment move only to a model its editor may read', async () => {
      if (defaultPermission === 'READ') return; // every model is readable under this default
      ok(await server.call('POST', '/api/v1/models', { as: alice, body: { name: 'secret' } }));
      const source = ok<{ model_version: { source: string; run_id: string } }>(
        await server.call('GET', '/api/2.0/mlflow/model-versions/get?name=m&version=1', { as: alice }),
      ).model_version;
      ok(
        await server.call('POST', '/api/2.0/mlflow/model-versions/create', {
          as: alice,
          body: { name: 'secret', source: source.source, run_id: source.run_id },
        }),
      );
      const moved = await server.call('PATCH', '/api/v1/deployments/bob-1', {
        as: bob,
        body: { model: 'secret', version: 1 },
      });
      expect(moved.status).to.equal(403);
      expect((moved.body as { message: string }).message).to.equal(
        '"bob" may not READ registeredModel "secret"',
      );
      const same = await server.call('PATCH', '/api/v1/deployments/bob-1', {
        as: bob,
        body: { version: 1, reason: 'pin again' },
      });
      expect(same.status).to.equal(200);
      const revisions = ok<{ revisions: { model: string }[] }>(
        await server.call('GET', '/api/v1/deployments/bob-1/revisions', { as: bob }),
      ).revisions;
      expect(revisions.map((r) => r.model)).to.not.include('secret');
    });

    it('pages studies in full, with only the readable ones', async () => {
      const bobs =
        defaultPermission === 'READ' ? ['admin-a', 'alice-a', 'alice-b', 'bob-a'] : ['alice-b', 'bob-a'];
      expect(await listStudies(server, bob, 1)).to.deep.equal({
        sizes: bobs.map(() => 1),
        names: bobs,
      });
      const alices =
        defaultPermission === 'READ'
          ? ['admin-a', 'alice-a', 'alice-b', 'alice-c', 'bob-a']
          : ['alice-a', 'alice-b', 'alice-c'];
      expect(await listStudies(server, alice, 2)).to.deep.equal({
        sizes: defaultPermission === 'READ' ? [2, 2, 1] : [2, 1],
        names: alices,
      });
      expect((await listStudies(server, asAdmin, 100)).names).to.deep.equal([
        'admin-a',
        'alice-a',
        'alice-b',
        'alice-c',
        'bob-a',
      ]);
      // Listing shows what the routes let read, and no more.
      for (const [name, id] of studyIds) {
        const status = (await server.call('GET', `/api/v1/hpo/studies/${id}`, { as: bob })).status;
        expect(status, name).to.equal(bobs.includes(name) ? 200 : 403);
      }
    });

    it('lists only the readable deployments, of every environment or of one', async () => {
      const bobs = defaultPermission === 'READ' ? ['admin-1', 'alice-1', 'bob-1'] : ['alice-1', 'bob-1'];
      expect(await listDeployments(server, bob)).to.deep.equal(bobs);
      expect(await listDeployments(server, bob, 'staging')).to.deep.equal([]);
      expect(await listDeployments(server, alice, 'staging')).to.deep.equal(['alice-2']);
      expect(await listDeployments(server, alice)).to.deep.equal(
        defaultPermission === 'READ' ? ['admin-1', 'alice-1', 'alice-2', 'bob-1'] : ['alice-1', 'alice-2'],
      );
      expect(await listDeployments(server, asAdmin)).to.deep.equal([
        'admin-1',
        'alice-1',
        'alice-2',
        'bob-1',
      ]);
      for (const name of ['admin-1', 'alice-1', 'alice-2', 'bob-1']) {
        const status = (await server.call('GET', `/api/v1/deployments/${name}`, { as: bob })).status;
        expect(status, name).to.equal(bobs.includes(name) ? 200 : 403);
      }
    });
  });
}
