import { expect } from 'chai';
import {
  type ApiResponseError,
  createClient,
  type Experiment,
  InternalError,
  NotFoundError,
  UnavailableError,
} from '../src/index.js';
import { answerJson, type ScriptedServer, startScriptedServer } from './scriptedServer.js';
import { rejectionOf, startPlatform } from './startPlatform.js';

const experiment: Experiment = {
  experiment_id: '1',
  name: 'e',
  artifact_location: 'mlflow-artifacts:/1',
  lifecycle_stage: 'active',
  creation_time: 1,
  last_update_time: 1,
  tags: {},
};
const unavailable = { error_code: 'UNAVAILABLE', message: 'database is down', details: {} };
const starting = {
  error_code: 'UNAVAILABLE',
  message: 'the HTTP server has not started yet',
  details: { reason: 'starting' },
};
const rateLimited = { error_code: 'RATE_LIMITED', message: 'slow down', details: { reason: 'rate_limited' } };

describe('client retries', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const gaps = (s: ScriptedServer) => s.seen.slice(1).map((r, i) => r.at - s.seen[i]!.at);

  it('waits the seconds of Retry-After on 429 and then succeeds', async () => {
    server = await startScriptedServer((req, res, i) =>
      i < 2
        ? answerJson(req, res, 429, rateLimited, { 'Retry-After': '1' })
        : answerJson(req, res, 200, experiment),
    );
    const client = createClient({ baseUrl: server.url });
    expect(await client.experiments.get('1')).to.deep.equal(experiment);
    expect(server.seen).to.have.length(3);
    for (const gap of gaps(server)) expect(gap).to.be.within(950, 1900);
  });

  it('waits until the HTTP date of Retry-After on 503', async () => {
    server = await startScriptedServer((req, res, i) =>
      i < 1
        ? answerJson(req, res, 503, unavailable, { 'Retry-After': new Date(Date.now() + 2000).toUTCString() })
        : answerJson(req, res, 200, experiment),
    );
    const client = createClient({ baseUrl: server.url });
    expect(await client.experiments.get('1')).to.deep.equal(experiment);
    expect(server.seen).to.have.length(2);
    // HTTP dates have whole seconds: the wait is between 1 and 2 s.
    expect(gaps(server)[0]).to.be.within(950, 2100);
  });

  it('backs off exponentially without Retry-After, and retries a create POST on a 503 of a server still starting', async () => {
    server = await startScriptedServer((req, res, i) =>
      i < 3 ? answerJson(req, res, 503, starting) : answerJson(req, res, 201, experiment),
    );
    const client = createClient({ baseUrl: server.url, retries: { retries: 3, baseDelayMs: 100 } });
    expect(await client.experiments.create({ name: 'e' })).to.deep.equal(experiment);
    const [first, second, third] = gaps(server);
    // Equal jitter: retry n waits between half and all of 100 * 2^n ms.
    expect(first).to.be.within(45, 300);
    expect(second).to.be.within(95, 400);
    expect(third).to.be.within(195, 600);
  });

  it('never sends a create POST again after a 503 the server may have answered after handling it', async () => {
    server = await startScriptedServer((req, res, i) =>
      i < 1 ? answerJson(req, res, 503, unavailable) : answerJson(req, res, 201, experiment),
    );
    const client = createClient({ baseUrl: server.url, retries: { retries: 3, baseDelayMs: 5 } });
    const err = await rejectionOf(client.experiments.create({ name: 'e' }));
    expect(err).to.be.instanceOf(UnavailableError);
    expect(err.message).to.equal('database is down');
    expect(server.seen).to.have.length(1);
    // The same answer to a GET is retried.
    server.seen.length = 0;
    const again = await startScriptedServer((req, res, i) =>
      i < 1 ? answerJson(req, res, 503, unavailable) : answerJson(req, res, 200, experiment),
    );
    try {
      const reader = createClient({ baseUrl: again.url, retries: { retries: 3, baseDelayMs: 5 } });
      expect(await reader.experiments.get('1')).to.deep.equal(experiment);
      expect(again.seen).to.have.length(2);
    } finally {
      await again.close();
    }
  });

  it('gives up after the bounded attempts with the last answer as a taxonomy error', async () => {
    server = await startScriptedServer((req, res) => answerJson(req, res, 503, unavailable));
    const client = createClient({ baseUrl: server.url, retries: { retries: 2, baseDelayMs: 5 } });
    const err = await rejectionOf(client.experiments.get('1'));
    expect(err).to.be.instanceOf(UnavailableError);
    expect(err.message).to.equal('database is down');
    expect((err.cause as ApiResponseError).status).to.equal(503);
    expect(server.seen).to.have.length(3);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs, and retries: 0 turns retrying off', async () => {
    server = await startScriptedServer((req, res) =>
      answerJson(req, res, 429, rateLimited, { 'Retry-After': '120' }),
    );
    const client = createClient({ baseUrl: server.url });
    const err = await rejectionOf(client.experiments.get('1'));
    expect(err).to.be.instanceOf(UnavailableError);
    expect(err.message).to.equal('slow down');
    expect((err.cause as ApiResponseError).errorCode).to.equal('RATE_LIMITED');
    expect(server.seen).to.have.length(1);

    const noRetry = createClient({ baseUrl: server.url, retries: 0 });
    server.seen.length = 0;
    await rejectionOf(noRetry.models.get('m'));
    expect(server.seen).to.have.length(1);
  });

  it('retries idempotent requests and batch logs after a network error, never a create POST', async () => {
    server = await startScriptedServer((req, res, i) => {
      if (i % 2 === 0) {
        req.socket.destroy();
        return;
      }
      return answerJson(
        req,
        res,
        req.method === 'POST' && req.url?.endsWith('/batch') ? 204 : 200,
        experiment,
      );
    });
    const client = createClient({ baseUrl: server.url, retries: { baseDelayMs: 5 } });
    expect(await client.experiments.get('1')).to.deep.equal(experiment);
    await client.runs.logBatch('r1', { metrics: [{ key: 'loss', value: 1 }] });
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      'GET /api/v1/experiments/1',
      'GET /api/v1/experiments/1',
      'POST /api/v1/runs/r1/batch',
      'POST /api/v1/runs/r1/batch',
    ]);

    const err = await rejectionOf(client.runs.create({ experiment_id: '1' }));
    expect(err).to.be.instanceOf(UnavailableError);
    expect(err.message).to.equal(`POST ${server.url}/api/v1/runs failed: other side closed`);
    expect(server.seen).to.have.length(5);
  });

  it('sends the token and user agent, and maps answers without an error body by status', async () => {
    server = await startScriptedServer((_req, res, i) => {
      res.writeHead(i === 0 ? 404 : 502, { 'content-type': 'text/html' });
      res.end('<html>nope</html>');
    });
    const client = createClient({ baseUrl: `${server.url}/`, token: 't0k', retries: 0 });
    const missing = await rejectionOf(client.runs.get('r1'));
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(missing.message).to.equal(`GET ${server.url}/api/v1/runs/r1 answered 404 Not Found`);
    expect(server.seen[0]?.headers.authorization).to.equal('Bearer t0k');
    expect(server.seen[0]?.headers['user-agent']).to.match(/^mlops-client\/0\.1\.0 node\/20\./);
    const gateway = await rejectionOf(client.runs.get('r1'));
    expect(gateway).to.be.instanceOf(UnavailableError);
    expect((gateway.cause as ApiResponseError).errorCode).to.equal('HTTP_502');

    const custom = createClient({ baseUrl: server.url, userAgent: 'trainer/2', retries: 0 });
    await rejectionOf(custom.runs.get('r1'));
    expect(server.seen[2]?.headers['user-agent']).to.equal('trainer/2');
    expect(server.seen[2]?.headers.authorization).to.equal(undefined);
  });

  it('maps a 500 to InternalError and does not retry it', async () => {
    server = await startScriptedServer((req, res) =>
      answerJson(req, res, 500, {
        error_code: 'INTERNAL',
        message: 'internal error; quote request id x',
        details: {},
      }),
    );
    const err = await rejectionOf(createClient({ baseUrl: server.url }).experiments.get('1'));
    expect(err).to.be.instanceOf(InternalError);
    expect(server.seen).to.have.length(1);
  });

  it("honours the http plugin's own 429 and Retry-After", async () => {
    const platform = await startPlatform({ rateLimit: { requestsPerSecond: 2, burst: 1 } });
    try {
      const answers = await Promise.all(
        [1, 2, 3].map((n) => platform.client.experiments.create({ name: `rl-${n}` })),
      );
      expect(answers.map((e) => e.name)).to.deep.equal(['rl-1', 'rl-2', 'rl-3']);
      const quick = createClient({ baseUrl: platform.url, retries: 0 });
      await quick.models.list().catch(() => undefined);
      const err = await rejectionOf(quick.models.list());
      expect(err).to.be.instanceOf(UnavailableError);
      expect(err.message).to.match(/^too many requests from 127\.0\.0\.1; retry in \d+ s$/);
    } finally {
      await platform.stop();
    }
  });
});
