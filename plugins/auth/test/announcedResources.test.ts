import { definePlugin, HttpRoutes, ResourceCreated, ResourceDeleted } from '@mlops/plugin-api';
import { expect } from 'chai';
import { type AuthServer, asAdmin, createUser, ok, startAuthServer } from './startAuthServer.js';

/** Stands for plugins/hpo: creates studies, announces them, and guards each behind READ. */
function studiesPlugin() {
  return definePlugin({
    name: 'test-studies',
    version: '1.0.0',
    apiVersion: '^0.1.0',
    requires: [HttpRoutes],
    setup(ctx) {
      let next = 0;
      ctx.get(HttpRoutes).add(
        {
          method: 'POST',
          path: '/api/v1/hpo/studies',
          summary: 'Create a study',
          permission: 'authenticated',
          async handler(request) {
            const id = `study-${++next}`;
            ctx.hooks.emit(ResourceCreated, { kind: 'study', id, call: request.call });
            return { status: 201, body: { id } };
          },
        },
        {
          method: 'GET',
          path: '/api/v1/hpo/studies/:studyId',
          summary: 'Read a study',
          permission: { action: 'READ', resource: 'study', resourceId: (r) => r.params.studyId },
          handler: async (request) => ({ id: request.params.studyId }),
        },
        {
          method: 'DELETE',
          path: '/api/v1/hpo/studies/:studyId',
          summary: 'Delete a study',
          permission: { action: 'MANAGE', resource: 'study', resourceId: (r) => r.params.studyId },
          async handler(request) {
            ctx.hooks.emit(ResourceDeleted, {
              kind: 'study',
              id: request.params.studyId!,
              call: request.call,
            });
            return { status: 204 };
          },
        },
      );
    },
  })();
}

describe('auth plugin: resources announced by other plugins (resource.created)', function () {
  this.timeout(30_000);
  let server: AuthServer;
  before(async () => {
    server = await startAuthServer({
      auth: { defaultPermission: 'NO_PERMISSIONS' },
      plugins: [studiesPlugin()],
    });
  });
  after(() => server?.stop());

  it('gives the creator MANAGE, others nothing until granted, and forgets grants on deletion', async () => {
    const alice = await createUser(server, 'alice', 'alice-password-1');
    const bob = await createUser(server, 'bob', 'bob-password-1');
    const { id } = ok<{ id: string }>(await server.call('POST', '/api/v1/hpo/studies', { as: alice }));
    expect((await server.call('GET', `/api/v1/hpo/studies/${id}`, { as: alice })).status).to.equal(200);
    const refused = await server.call('GET', `/api/v1/hpo/studies/${id}`, { as: bob });
    expect(refused.status).to.equal(403);
    expect((refused.body as { message: string }).message).to.equal(`"bob" may not READ study "${id}"`);

    const granted = await server.call('PUT', `/api/v1/hpo/studies/${id}/permissions/users/bob`, {
      as: alice,
      body: { permission: 'READ' },
    });
    expect(granted.status).to.equal(200);
    expect((await server.call('GET', `/api/v1/hpo/studies/${id}`, { as: bob })).status).to.equal(200);
    expect((await server.call('DELETE', `/api/v1/hpo/studies/${id}`, { as: bob })).status).to.equal(403);

    expect((await server.call('DELETE', `/api/v1/hpo/studies/${id}`, { as: alice })).status).to.equal(204);
    const listed = ok<{ permissions: unknown[] }>(
      await server.call('GET', `/api/v1/hpo/studies/${id}/permissions`, { as: asAdmin }),
    );
    expect(listed.permissions).to.deep.equal([]);
  });
});
