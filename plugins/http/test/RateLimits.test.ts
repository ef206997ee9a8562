import { Auth, definePlugin, UnauthenticatedError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { TokenBuckets } from '../src/TokenBuckets.js';
import { call, routesPlugin, type Started, startHttp } from './fixtures.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the rate, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets({ requestsPerSecond: 2, burst: 3 }, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).to.deep.equal([0, 0, 0]);
    expect(buckets.take('a')).to.equal(1);
    expect(buckets.take('b')).to.equal(0);
    now = 500;
    expect(buckets.take('a')).to.equal(0);
    expect(buckets.take('a')).to.equal(1);
    now = 10_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).to.deep.equal([
      0, 0, 0, 1,
    ]);
  });

  it('waits whole seconds, rounding up, for a slow rate', () => {
    const buckets = new TokenBuckets({ requestsPerSecond: 0.1, burst: 1 }, () => 0);
    expect(buckets.take('a')).to.equal(0);
    expect(buckets.take('a')).to.equal(10);
  });
});

const userAuth = definePlugin({
  name: 'test-auth',
  version: '1.0.0',
  apiVersion: '^0.1.0',
  provides: [Auth],
  setup(ctx) {
    ctx.provide(Auth, {
      async authenticate({ authorization }) {
        const id = authorization?.replace(/^Bearer /, '');
        if (!id) throw new UnauthenticatedError('a bearer token is required');
        return { id, kind: 'user', roles: [] };
      },
      async authorize() {
        return true;
      },
      async readableScope() {
        return { kind: 'all' };
      },
    });
  },
})();

describe('rate limits', () => {
  describe('per client address', () => {
    let s: Started;
    before(async () => {
      s = await startHttp({ rateLimit: { perIp: { requestsPerSecond: 0.5, burst: 3 } } });
    });
    after(() => s.kernel.stop());

    it('answers 429 with Retry-After past the burst, and never limits the probes', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(`${s.url}/api/v1/runs/r1`)).status);
      expect(statuses).to.deep.equal([200, 200, 200]);
      const limited = await call(`${s.url}/api/v1/runs/r1`);
      expect(limited.status).to.equal(429);
      expect(limited.headers['retry-after']).to.equal('2');
      expect(limited.json).to.deep.equal({
        error_code: 'RATE_LIMITED',
        message: 'too many requests from 127.0.0.1; retry in 2 s',
        details: { reason: 'rate_limited' },
      });
      const mlflow = await call(`${s.url}/api/2.0/mlflow/experiments/get?experiment_id=1`);
      expect(mlflow.status).to.equal(429);
      expect(mlflow.json.error_code).to.equal('REQUEST_LIMIT_EXCEEDED');
      expect((await call(`${s.url}/healthz`)).status).to.equal(200);
      expect((await call(`${s.url}/readyz`)).status).to.equal(200);
    });
  });

  describe('per identity', () => {
    let s: Started;
    before(async () => {
      s = await startHttp({ rateLimit: { perIdentity: { requestsPerSecond: 0.5, burst: 2 } } }, [
        userAuth,
        routesPlugin(),
      ]);
    });
    after(() => s.kernel.stop());

    it('limits each principal on its own', async () => {
      const as = (who: string) =>
        call(`${s.url}/api/v1/runs/search`, { headers: { authorization: `Bearer ${who}` } });
      expect([(await as('alice')).status, (await as('alice')).status]).to.deep.equal([200, 200]);
      const limited = await as('alice');
      expect(limited.status).to.equal(429);
      expect(limited.json.message).to.equal('too many requests by "alice"; retry in 2 s');
      expect((await as('bob')).status).to.equal(200);
    });
  });
});
