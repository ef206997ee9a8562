import { expect } from 'chai';
import {
  type AuthServer,
  asAdmin,
  basic,
  createToken,
  createUser,
  ok,
  startAuthServer,
} from './startAuthServer.js';

describe('auth plugin: credentials and sessions', function () {
  this.timeout(30_000);
  let server: AuthServer;
  before(async () => {
    server = await startAuthServer({
      auth: { failedLogins: { maxPerUser: 3, maxPerIp: 100, windowSeconds: 60 } },
    });
  });
  after(() => server?.stop());

  it('answers 401 with a clear message without credentials, with a bad scheme, a bad token or password', async () => {
    const none = await server.call('GET', '/api/v1/experiments');
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.equal('Bearer realm="mlops"');
    expect(none.body).to.deep.include({
      error_code: 'UNAUTHENTICATED',
      message: 'authentication required: send "Authorization: Bearer <token>" or HTTP Basic credentials',
    });
    const scheme = await server.call('GET', '/api/v1/experiments', { as: 'Digest abc' });
    expect((scheme.body as { message: string }).message).to.equal(
      'unsupported authorization scheme "digest": use Bearer or Basic',
    );
    const token = await server.call('GET', '/api/v1/experiments', { as: 'Bearer mlops_nope' });
    expect(token.status).to.equal(401);
    expect((token.body as { message: string }).message).to.equal('invalid or expired token');
    const password = await server.call('GET', '/api/v1/experiments', {
      as: basic('admin', 'wrong-password'),
    });
    expect(password.status).to.equal(401);
    expect((password.body as { message: string }).message).to.equal('invalid username or password');
  });

  it('lets the bootstrapped admin in with Basic, and a user in with Basic, a token and a session JWT', async () => {
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', { as: asAdmin }))).to.deep.equal({
      id: 'admin',
      kind: 'user',
      roles: ['admin'],
    });
    const alice = await createUser(server, 'alice', 'alice-password-1');
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', { as: alice })).id).to.equal('alice');
    const bearer = await createToken(server, alice, 'laptop');
    expect(bearer).to.match(/^Bearer mlops_[\w-]{43}$/);
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', { as: bearer })).id).to.equal('alice');

    const session = ok<{
      access_token: string;
      refresh_token: string;
      token_type: string;
      expires_in: number;
    }>(
      await server.call('POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'alice-password-1' },
      }),
    );
    expect(session.token_type).to.equal('Bearer');
    expect(session.expires_in).to.equal(900);
    const jwt = `Bearer ${session.access_token}`;
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', { as: jwt })).id).to.equal('alice');

    const next = ok<{ access_token: string; refresh_token: string }>(
      await server.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } }),
    );
    expect(
      ok(await server.call('GET', '/api/v1/auth/whoami', { as: `Bearer ${next.access_token}` })).id,
    ).to.equal('alice');
    const reused = await server.call('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: session.refresh_token },
    });
    expect(reused.status).to.equal(401);
    expect((reused.body as { message: string }).message).to.equal(
      'invalid, expired or already used refresh token',
    );
    // A refresh token is no access token, and an access token is no refresh token.
    expect(
      (await server.call('GET', '/api/v1/auth/whoami', { as: `Bearer ${next.refresh_token}` })).status,
    ).to.equal(401);
    expect(
      (await server.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: next.access_token } }))
        .status,
    ).to.equal(401);
  });

  it('lists and revokes tokens; a revoked token is refused at once and its secret is never listed', async () => {
    const bob = await createUser(server, 'bob');
    const bearer = await createToken(server, bob, 'ci');
    const listed = ok<{ tokens: Record<string, unknown>[] }>(
      await server.call('GET', '/api/v1/tokens', { as: bob }),
    );
    expect(listed.tokens).to.have.length(1);
    expect(listed.tokens[0]).to.not.have.property('token');
    expect(listed.tokens[0]).to.include({ name: 'ci', username: 'bob', revoked_at: null });
    expect(listed.tokens[0]!.last_used_at).to.equal(null);
    expect((await server.call('GET', '/api/v1/auth/whoami', { as: bearer })).status).to.equal(200);
    const tokenId = listed.tokens[0]!.token_id as string;
    // Another user cannot revoke it, nor learn that it exists.
    const carol = await createUser(server, 'carol');
    const foreign = await server.call('DELETE', `/api/v1/tokens/${tokenId}`, { as: carol });
    expect(foreign.status).to.equal(404);
    expect((foreign.body as { message: string }).message).to.equal(`token "${tokenId}" does not exist`);
    ok(await server.call('DELETE', `/api/v1/tokens/${tokenId}`, { as: bob }));
    expect((await server.call('GET', '/api/v1/auth/whoami', { as: bearer })).status).to.equal(401);
  });

  it('refuses a user after too many failed logins, even with the right password, and says when to retry', async () => {
    const dave = await createUser(server, 'dave', 'dave-password-1');
    for (let i = 0; i < 3; i++) {
      expect(
        (await server.call('GET', '/api/v1/auth/whoami', { as: basic('dave', `wrong-${i}`) })).status,
      ).to.equal(401);
    }
    const locked = await server.call('GET', '/api/v1/auth/whoami', { as: dave });
    expect(locked.status).to.equal(401);
    expect((locked.body as { message: string }).message).to.match(
      /^too many failed logins for this user or address; retry in (60|59) s$/,
    );
    expect((locked.body as { details: { reason: string } }).details.reason).to.equal('rate_limited');
    const login = await server.call('POST', '/api/v1/auth/login', {
      body: { username: 'dave', password: 'dave-password-1' },
    });
    expect(login.status).to.equal(401);
    expect((login.body as { message: string }).message).to.match(
      /^too many failed logins for this user or address; retry in (60|59) s$/,
    );
    // Other users are not affected.
    expect(
      (await server.call('GET', '/api/v1/auth/whoami', { as: await createUser(server, 'erin') })).status,
    ).to.equal(200);
  });

  it('disabling a user or changing their password shuts them out at once', async () => {
    const frank = await createUser(server, 'frank', 'frank-password-1');
    const bearer = await createToken(server, frank);
    expect((await server.call('GET', '/api/v1/auth/whoami', { as: frank })).status).to.equal(200);
    ok(
      await server.call('PATCH', '/api/v1/users/frank', {
        as: asAdmin,
        body: { password: 'frank-password-2' },
      }),
    );
    expect((await server.call('GET', '/api/v1/auth/whoami', { as: frank })).status).to.equal(401);
    expect(
      (await server.call('GET', '/api/v1/auth/whoami', { as: basic('frank', 'frank-password-2') })).status,
    ).to.equal(200);
    ok(await server.call('PATCH', '/api/v1/users/frank', { as: asAdmin, body: { disabled: true } }));
    expect((await server.call('GET', '/api/v1/auth/whoami', { as: bearer })).status).to.equal(401);
    expect(
      (await server.call('GET', '/api/v1/auth/whoami', { as: basic('frank', 'frank-password-2') })).status,
    ).to.equal(401);
  });

  it('names the field of bad input', async () => {
    const short = await server.call('POST', '/api/v1/users', {
      as: asAdmin,
      body: { username: 'gina', password: 'short' },
    });
    expect(short.status).to.equal(400);
    expect((short.body as { message: string }).message).to.equal(
      'password must be a string of 8 to 1024 characters',
    );
    const name = await server.call('POST', '/api/v1/users', {
      as: asAdmin,
      body: { username: 'a:b', password: 'long-enough-1' },
    });
    expect((name.body as { message: string }).message).to.equal(
      'username must be 1 to 256 letters, digits or "_.@+-", got "a:b"',
    );
    const taken = await server.call('POST', '/api/v1/users', {
      as: asAdmin,
      body: { username: 'admin', password: 'long-enough-1' },
    });
    expect(taken.status).to.equal(409);
    expect((taken.body as { message: string }).message).to.equal('user "admin" already exists');
  });
});
