import { expect } from 'chai';
import { backoffDelay, parseRetryAfter, retryPolicy } from '../src/retryDelay.js';

describe('retryDelay', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');

  it('reads Retry-After as delay-seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', now)).to.equal(3000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).to.equal(5000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:59:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter('-1', now)).to.equal(undefined);
  });

  it('backs off exponentially with equal jitter, capped at maxDelayMs', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 0))).to.deep.equal([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).to.deep.equal([
      100, 200, 400, 800, 1000,
    ]);
  });

  it('fills in the defaults of a number or of options', () => {
    expect(retryPolicy(undefined)).to.deep.equal({
      retries: 3,
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
    });
    expect(retryPolicy(0).retries).to.equal(0);
    expect(retryPolicy({ retries: 5, maxRetryAfterMs: 1000 })).to.include({
      retries: 5,
      maxRetryAfterMs: 1000,
    });
  });
});
