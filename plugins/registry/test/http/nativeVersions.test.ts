import { expect } from 'chai';
import {
  productionVetoPlugin,
  type RegistryServer,
  scrubTimes,
  send,
  startRegistryServer,
  T,
} from './registryServer.js';

describe('native API: model versions, ETags and promotions', () => {
  let server: RegistryServer;
  let since: number;
  const api = (path: string, init: { method?: string; body?: unknown; ifMatch?: string } = {}) =>
    send(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.ifMatch === undefined ? {} : { 'If-Match': init.ifMatch }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  beforeEach(async () => {
    since = Date.now();
    server = await startRegistryServer({ after: [productionVetoPlugin('val_auc too low')] });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('POST .../versions registers the next version: 201, Location, ETag, creating the model', async () => {
    const answer = await api('/models/churn/versions', {
      method: 'POST',
      body: { source: 's3://models/churn/1', description: 'first', tags: { framework: 'sklearn' } },
    });
    expect(answer.status).to.equal(201);
    expect(answer.headers.get('location')).to.equal('/api/v1/models/churn/versions/1');
    expect(answer.headers.get('etag')).to.equal('"1"');
    const body = answer.body as { artifact_prefix: string };
    expect(body.artifact_prefix).to.match(/^registry\/[^/]+\/1\/$/);
    expect(scrubTimes(answer.body, since)).to.deep.equal({
      name: 'churn',
      version: 1,
      creation_timestamp: T,
      last_updated_timestamp: T,
      user_id: 'anonymous',
      stage: 'None',
      description: 'first',
      source: 's3://models/churn/1',
      status: 'READY',
      tags: { framework: 'sklearn' },
      aliases: [],
      lifecycle_stage: 'active',
      revision: 1,
      artifact_prefix: body.artifact_prefix,
    });
    const got = await api('/models/churn/versions/1');
    expect(got.status).to.equal(200);
    expect(got.headers.get('etag')).to.equal('"1"');
    expect(got.body).to.deep.equal(answer.body);
  });

  describe('with versions 1 and 2', () => {
    beforeEach(async () => {
      await api('/models/churn/versions', { method: 'POST', body: { source: 's3://models/churn/1' } });
      await api('/models/churn/versions', { method: 'POST', body: { source: 's3://models/churn/2' } });
    });

    it('PATCH honours If-Match: the current ETag applies, a stale one is 409 CONFLICT and changes nothing', async () => {
      const fresh = await api('/models/churn/versions/1', {
        method: 'PATCH',
        body: { description: 'tuned' },
        ifMatch: '"1"',
      });
      expect(fresh.status).to.equal(200);
      expect(fresh.headers.get('etag')).to.equal('"2"');
      const stale = await api('/models/churn/versions/1', {
        method: 'PATCH',
        body: { description: 'lost update' },
        ifMatch: '"1"',
      });
      expect(stale.status).to.equal(409);
      expect(stale.body).to.deep.equal({
        error_code: 'CONFLICT',
        message: 'model version churn/1 is at revision 2, not 1',
        details: { field: 'If-Match', revision: 2 },
      });
      const after = await api('/models/churn/versions/1');
      expect((after.body as { description: string }).description).to.equal('tuned');
      const unconditional = await api('/models/churn/versions/1', {
        method: 'PATCH',
        body: { description: 'any' },
      });
      expect(unconditional.status).to.equal(200);
      const anyTag = await api('/models/churn/versions/1', {
        method: 'PATCH',
        body: { description: 'star' },
        ifMatch: '*',
      });
      expect(anyTag.status).to.equal(200);
    });

    it('refuses an If-Match that is no ETag of a version', async () => {
      for (const ifMatch of ['W/"1"', '1', '"1", "2"', '"abc"']) {
        const answer = await api('/models/churn/versions/1', {
          method: 'PATCH',
          body: { description: 'x' },
          ifMatch,
        });
        expect(answer.status, ifMatch).to.equal(400);
        expect(answer.body, ifMatch).to.deep.equal({
          error_code: 'INVALID_ARGUMENT',
          message: `If-Match ${JSON.stringify(ifMatch)} is not the ETag of a model version (one strong tag such as "3")`,
          details: { field: 'If-Match' },
        });
      }
      expect(
        (await server.registry.getVersion({ model: 'churn', version: 1 }, server.kernel.call)).revision,
      ).to.equal(1);
    });

    it('POST .../stage transitions with a reason and archiving, honouring If-Match', async () => {
      const staged = await api('/models/churn/versions/2/stage', {
        method: 'POST',
        body: { stage: 'Staging', reason: 'smoke tests pass' },
        ifMatch: '"1"',
      });
      expect(staged.status).to.equal(200);
      expect(staged.headers.get('etag')).to.equal('"2"');
      expect((staged.body as { stage: string }).stage).to.equal('Staging');
      const stale = await api('/models/churn/versions/2/stage', {
        method: 'POST',
        body: { stage: 'Archived' },
        ifMatch: '"1"',
      });
      expect(stale.status).to.equal(409);
      expect((stale.body as { error_code: string }).error_code).to.equal('CONFLICT');
      const archiving = await api('/models/churn/versions/1/stage', {
        method: 'POST',
        body: { stage: 'staging', archive_existing_versions: true },
      });
      expect((archiving.body as { stage: string }).stage).to.equal('Staging');
      expect((await api('/models/churn/versions/2')).body).to.include({ stage: 'Archived' });
    });

    it("answers a gate's veto with 409 FAILED_PRECONDITION naming the gate; the stage stays", async () => {
      const answer = await api('/models/churn/versions/1/stage', {
        method: 'POST',
        body: { stage: 'Production' },
      });
      expect(answer.status).to.equal(409);
      expect(answer.body).to.deep.equal({
        error_code: 'FAILED_PRECONDITION',
        message: 'promotion of churn/1 to Production refused by test-gate: val_auc too low',
        details: { field: 'stage', reason: 'vetoed', by: 'test-gate' },
      });
      expect((await api('/models/churn/versions/1')).body).to.include({ stage: 'None' });
    });

    it('PUT, GET and DELETE aliases/:alias; a move honours If-Match of the target version', async () => {
      const put = await api('/models/churn/aliases/champion', {
        method: 'PUT',
        body: { version: 1, reason: 'best so far' },
        ifMatch: '"1"',
      });
      expect(put.status).to.equal(200);
      expect(put.headers.get('etag')).to.equal('"2"');
      expect(put.body).to.include({ version: 1, revision: 2 });
      expect((put.body as { aliases: string[] }).aliases).to.deep.equal(['champion']);
      const stale = await api('/models/churn/aliases/champion', {
        method: 'PUT',
        body: { version: 2 },
        ifMatch: '"5"',
      });
      expect(stale.status).to.equal(409);
      expect(stale.body).to.deep.equal({
        error_code: 'CONFLICT',
        message: 'model version churn/2 is at revision 1, not 5',
        details: { field: 'If-Match', revision: 1 },
      });
      const got = await api('/models/churn/aliases/champion');
      expect(got.status).to.equal(200);
      expect(got.headers.get('etag')).to.equal('"2"');
      expect(got.body).to.include({ name: 'churn', version: 1 });
      const deleted = await api('/models/churn/aliases/champion?reason=rollback', { method: 'DELETE' });
      expect(deleted.status).to.equal(204);
      const gone = await api('/models/churn/aliases/champion');
      expect(gone.status).to.equal(404);
      expect(gone.body).to.deep.equal({
        error_code: 'NOT_FOUND',
        message: 'registered model "churn" has no alias "champion"',
        details: { field: 'alias' },
      });
      const badVersion = await api('/models/churn/aliases/champion', {
        method: 'PUT',
        body: { version: '1' },
      });
      expect(badVersion.status).to.equal(400);
      expect((badVersion.body as { message: string }).message).to.equal('body/version must be integer');
    });

    it('DELETE .../versions/:version answers 204, honours If-Match, and restore brings it back', async () => {
      const stale = await api('/models/churn/versions/2', { method: 'DELETE', ifMatch: '"9"' });
      expect(stale.status).to.equal(409);
      expect((await api('/models/churn/versions/2')).status).to.equal(200);
      const deleted = await api('/models/churn/versions/2', { method: 'DELETE', ifMatch: '"1"' });
      expect(deleted.status).to.equal(204);
      const gone = await api('/models/churn/versions/2');
      expect(gone.status).to.equal(404);
      expect(gone.body).to.deep.equal({
        error_code: 'NOT_FOUND',
        message: 'model version churn/2 is deleted',
        details: { field: 'version', reason: 'deleted' },
      });
      const restored = await api('/models/churn/versions/2/restore', { method: 'POST' });
      expect(restored.status).to.equal(200);
      expect(restored.body).to.include({ version: 2, lifecycle_stage: 'active' });
    });

    it('PUT and DELETE version tags; PUT answers the version with its new ETag', async () => {
      const put = await api('/models/churn/versions/1/tags/validated', {
        method: 'PUT',
        body: { value: 'yes' },
      });
      expect(put.status).to.equal(200);
      expect(put.headers.get('etag')).to.equal('"2"');
      expect((put.body as { tags: object }).tags).to.deep.equal({ validated: 'yes' });
      const deleted = await api('/models/churn/versions/1/tags/validated', { method: 'DELETE' });
      expect(deleted.status).to.equal(204);
      expect((await api('/models/churn/versions/1')).body).to.deep.include({ tags: {}, revision: 3 });
    });

    it('GET .../versions lists the versions of that model only, with a cursor and a filter', async () => {
      await api('/models/fraud/versions', { method: 'POST', body: { source: 's3://models/fraud/1' } });
      await api('/models/churn/versions', { method: 'POST', body: { source: 's3://models/churn/3' } });
      const pages: number[][] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ max_results: '2', order_by: 'version_number ASC' });
        if (token !== undefined) query.set('page_token', token);
        const answer = await api(`/models/churn/versions?${query}`);
        expect(answer.status).to.equal(200);
        const body = answer.body as {
          versions: { name: string; version: number }[];
          next_page_token?: string;
        };
        expect(body.versions.every((v) => v.name === 'churn')).to.equal(true);
        pages.push(body.versions.map((v) => v.version));
        token = body.next_page_token;
      } while (token !== undefined);
      expect(pages).to.deep.equal([[1, 2], [3]]);
      const filtered = await api(
        `/models/churn/versions?${new URLSearchParams({ filter: 'version_number >= 2' })}`,
      );
      expect(
        (filtered.body as { versions: { version: number }[] }).versions.map((v) => v.version),
      ).to.deep.equal([3, 2]);
      const quoted = await api(`/models/${encodeURIComponent("o'brien")}/versions`);
      expect(quoted.status).to.equal(404);
      expect((quoted.body as { message: string }).message).to.equal(
        'registered model "o\'brien" does not exist',
      );
      const badFilter = await api(`/models/churn/versions?${new URLSearchParams({ filter: 'owner = 1' })}`);
      expect(badFilter.status).to.equal(400);
      expect((badFilter.body as { details: { field: string } }).details.field).to.equal('filter');
    });
  });
});
