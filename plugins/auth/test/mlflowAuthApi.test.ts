import { expect } from 'chai';
import { MlflowClient } from './mlflowClient.js';
import { type Answer, type AuthServer, asAdmin, basic, ok, startAuthServer } from './startAuthServer.js';

/** The MLflow error answer `{ error_code, message }` with its status. */
function mlflowError(answer: Answer, status: number, code: string, message?: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  const body = answer.body as { error_code: string; message: string };
  expect(body.error_code).to.equal(code);
  if (message !== undefined) expect(body.message).to.match(message);
}

interface MlflowUser {
  id: number;
  username: string;
  is_admin: boolean;
  experiment_permissions: { experiment_id: string; user_id: number; permission: string }[];
  registered_model_permissions: { name: string; user_id: number; permission: string }[];
  scorer_permissions: unknown[];
}

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`auth plugin: MLflow's auth REST API, as AuthServiceClient calls it (${store})`, function () {
    this.timeout(60_000);
    let server: AuthServer;
    let admin: MlflowClient;
    let carol: MlflowClient;
    let carolId: number;
    let experimentId: string;

    before(async () => {
      server = await startAuthServer({ store });
      admin = new MlflowClient(server, asAdmin);
      experimentId = ok<{ experiment_id: string }>(
        await admin.call('POST', '/experiments/create', { name: `mlflow-auth-${store}` }),
      ).experiment_id;
      ok(await admin.call('POST', '/registered-models/create', { name: 'fraud' }));
    });
    after(() => server?.stop());

    it('creates a user (create_user) whose credentials then work, and refuses a taken name', async () => {
      const created = ok<{ user: MlflowUser }>(
        await admin.call('POST', '/users/create', { username: 'carol', password: 'carol-password-1' }),
      );
      expect(created.user).to.deep.include({
        username: 'carol',
        is_admin: false,
        experiment_permissions: [],
        registered_model_permissions: [],
        scorer_permissions: [],
      });
      expect(created.user.id).to.be.a('number');
      carolId = created.user.id;
      carol = new MlflowClient(server, basic('carol', 'carol-password-1'));
      ok(await carol.call('GET', '/experiments/get', { experiment_id: experimentId }));
      mlflowError(
        await admin.call('POST', '/users/create', { username: 'carol', password: 'another-password' }),
        400,
        'RESOURCE_ALREADY_EXISTS',
        /carol/,
      );
      mlflowError(
        await admin.call('POST', '/users/create', { username: 'dave' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /password/,
      );
      mlflowError(
        await admin.call('POST', '/users/create', { username: 'dave', password: 'short' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /password/,
      );
    });

    it('lets only administrators create, promote and delete users', async () => {
      for (const [method, endpoint, fields] of [
        ['POST', '/users/create', { username: 'eve', password: 'eve-password-1' }],
        ['PATCH', '/users/update-admin', { username: 'carol', is_admin: true }],
        ['DELETE', '/users/delete', { username: 'admin' }],
      ] as const) {
        mlflowError(await carol.call(method, endpoint, fields), 403, 'PERMISSION_DENIED');
      }
      expect((await admin.call('GET', '/users/get', { username: 'eve' })).status).to.equal(404);
    });

    it('shows a user to themselves and to administrators only (get_user)', async () => {
      const own = ok<{ user: MlflowUser }>(await carol.call('GET', '/users/get', { username: 'carol' }));
      expect(own.user).to.deep.include({ id: carolId, username: 'carol', is_admin: false });
      const seen = ok<{ user: MlflowUser }>(await admin.call('GET', '/users/get', { username: 'admin' }));
      expect(seen.user.is_admin).to.equal(true);
      mlflowError(await carol.call('GET', '/users/get', { username: 'admin' }), 403, 'PERMISSION_DENIED');
      const listed = ok<{ users: { id: number; username: string }[] }>(
        await admin.call('GET', '/users/list'),
      );
      expect(listed.users.map((u) => u.username)).to.deep.equal(['admin', 'carol']);
      expect(listed.users.find((u) => u.username === 'carol')!.id).to.equal(carolId);
      mlflowError(await carol.call('GET', '/users/list'), 403, 'PERMISSION_DENIED');
      mlflowError(
        await admin.call('GET', '/users/get', { username: 'nobody' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        /nobody/,
      );
      mlflowError(await admin.call('GET', '/users/get'), 400, 'INVALID_PARAMETER_VALUE', /username/);
    });

    it('manages experiment permissions (create, get, update, delete) with their effect on access', async () => {
      const base = '/experiments/permissions';
      const created = ok<{ experiment_permission: unknown }>(
        await admin.call('POST', `${base}/create`, {
          experiment_id: experimentId,
          username: 'carol',
          permission: 'NO_PERMISSIONS',
        }),
      );
      expect(created.experiment_permission).to.deep.equal({
        experiment_id: experimentId,
        user_id: carolId,
        permission: 'NO_PERMISSIONS',
      });
      mlflowError(
        await carol.call('GET', '/experiments/get', { experiment_id: experimentId }),
        403,
        'PERMISSION_DENIED',
      );
      mlflowError(
        await admin.call('POST', `${base}/create`, {
          experiment_id: experimentId,
          username: 'carol',
          permission: 'READ',
        }),
        400,
        'RESOURCE_ALREADY_EXISTS',
      );
      ok(
        await admin.call('PATCH', `${base}/update`, {
          experiment_id: experimentId,
          username: 'carol',
          permission: 'MANAGE',
        }),
      );
      expect(
        ok<{ experiment_permission: { permission: string } }>(
          await admin.call('GET', `${base}/get`, { experiment_id: experimentId, username: 'carol' }),
        ).experiment_permission.permission,
      ).to.equal('MANAGE');
      // MANAGE lets carol read the grant and rename the experiment; her user now lists it.
      ok(await carol.call('GET', `${base}/get`, { experiment_id: experimentId, username: 'carol' }));
      ok(
        await carol.call('POST', '/experiments/update', { experiment_id: experimentId, new_name: 'renamed' }),
      );
      const user = ok<{ user: MlflowUser }>(
        await carol.call('GET', '/users/get', { username: 'carol' }),
      ).user;
      expect(user.experiment_permissions).to.deep.equal([
        { experiment_id: experimentId, user_id: carolId, permission: 'MANAGE' },
      ]);
      ok(await admin.call('DELETE', `${base}/delete`, { experiment_id: experimentId, username: 'carol' }));
      // Back to the default permission (READ): she reads, and may no longer manage.
      ok(await carol.call('GET', '/experiments/get', { experiment_id: experimentId }));
      mlflowError(
        await carol.call('GET', `${base}/get`, { experiment_id: experimentId, username: 'carol' }),
        403,
        'PERMISSION_DENIED',
      );
      mlflowError(
        await admin.call('GET', `${base}/get`, { experiment_id: experimentId, username: 'carol' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      mlflowError(
        await admin.call('DELETE', `${base}/delete`, { experiment_id: experimentId, username: 'carol' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      mlflowError(
        await admin.call('PATCH', `${base}/update`, {
          experiment_id: experimentId,
          username: 'carol',
          permission: 'READ',
        }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('refuses a bad permission level or an unknown user by name, and changes nothing', async () => {
      const base = '/experiments/permissions';
      mlflowError(
        await admin.call('POST', `${base}/create`, {
          experiment_id: experimentId,
          username: 'carol',
          permission: 'OWNER',
        }),
        400,
        'INVALID_PARAMETER_VALUE',
        /permission/,
      );
      mlflowError(
        await admin.call('POST', `${base}/create`, {
          experiment_id: experimentId,
          username: 'nobody',
          permission: 'READ',
        }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        /nobody/,
      );
      mlflowError(
        await admin.call('POST', `${base}/create`, { username: 'carol', permission: 'READ' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /experiment_id/,
      );
      const user = ok<{ user: MlflowUser }>(
        await admin.call('GET', '/users/get', { username: 'carol' }),
      ).user;
      expect(user.experiment_permissions).to.deep.equal([]);
    });

    it('manages registered model permissions, and refuses them to a caller without MANAGE', async () => {
      const base = '/registered-models/permissions';
      mlflowError(
        await carol.call('POST', `${base}/create`, {
          name: 'fraud',
          username: 'carol',
          permission: 'MANAGE',
        }),
        403,
        'PERMISSION_DENIED',
      );
      const created = ok<{ registered_model_permission: unknown }>(
        await admin.call('POST', `${base}/create`, { name: 'fraud', username: 'carol', permission: 'EDIT' }),
      );
      expect(created.registered_model_permission).to.deep.equal({
        name: 'fraud',
        user_id: carolId,
        permission: 'EDIT',
      });
      ok(await carol.call('PATCH', '/registered-models/update', { name: 'fraud', description: 'by carol' }));
      mlflowError(
        await carol.call('GET', `${base}/get`, { name: 'fraud', username: 'carol' }),
        403,
        'PERMISSION_DENIED',
      );
      ok(
        await admin.call('PATCH', `${base}/update`, { name: 'fraud', username: 'carol', permission: 'READ' }),
      );
      mlflowError(
        await carol.call('PATCH', '/registered-models/update', { name: 'fraud', description: 'again' }),
        403,
        'PERMISSION_DENIED',
      );
      const user = ok<{ user: MlflowUser }>(
        await admin.call('GET', '/users/get', { username: 'carol' }),
      ).user;
      expect(user.registered_model_permissions).to.deep.equal([
        { name: 'fraud', user_id: carolId, permission: 'READ' },
      ]);
      ok(await admin.call('DELETE', `${base}/delete`, { name: 'fraud', username: 'carol' }));
      mlflowError(
        await admin.call('GET', `${base}/get`, { name: 'fraud', username: 'carol' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('changes passwords (update_user_password) for oneself, and the old one stops working', async () => {
      mlflowError(
        await carol.call('PATCH', '/users/update-password', { username: 'admin', password: 'taken-over-1' }),
        403,
        'PERMISSION_DENIED',
      );
      ok(
        await carol.call('PATCH', '/users/update-password', {
          username: 'carol',
          password: 'carol-password-2',
        }),
      );
      expect((await carol.call('GET', '/users/get', { username: 'carol' })).status).to.equal(401);
      carol = new MlflowClient(server, basic('carol', 'carol-password-2'));
      ok(await carol.call('GET', '/users/get', { username: 'carol' }));
      mlflowError(
        await carol.call('PATCH', '/users/update-password', { username: 'carol', password: 'short' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /password/,
      );
    });

    it('promotes a user (update_user_admin, a boolean or "true"/"false") and deletes one', async () => {
      mlflowError(
        await admin.call('PATCH', '/users/update-admin', { username: 'carol', is_admin: 'yes' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /is_admin/,
      );
      ok(await admin.call('PATCH', '/users/update-admin', { username: 'carol', is_admin: true }));
      // As an administrator carol now sees other users.
      ok(await carol.call('GET', '/users/get', { username: 'admin' }));
      ok(await admin.call('PATCH', '/users/update-admin', { username: 'carol', is_admin: 'False' }));
      mlflowError(await carol.call('GET', '/users/get', { username: 'admin' }), 403, 'PERMISSION_DENIED');
      ok(await admin.call('DELETE', '/users/delete', { username: 'carol' }));
      expect((await carol.call('GET', '/experiments/get', { experiment_id: experimentId })).status).to.equal(
        401,
      );
      mlflowError(
        await admin.call('DELETE', '/users/delete', { username: 'carol' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });
  });
}
