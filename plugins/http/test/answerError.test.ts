import type { ErrorCategory } from '@mlops/plugin-api';
import { expect } from 'chai';
import { call, errorsByCategory, type Started, startHttp } from './fixtures.js';

const native: Record<ErrorCategory, [number, string]> = {
  NotFound: [404, 'NOT_FOUND'],
  AlreadyExists: [409, 'ALREADY_EXISTS'],
  InvalidArgument: [400, 'INVALID_ARGUMENT'],
  PermissionDenied: [403, 'PERMISSION_DENIED'],
  Unauthenticated: [401, 'UNAUTHENTICATED'],
  FailedPrecondition: [409, 'FAILED_PRECONDITION'],
  Conflict: [409, 'CONFLICT'],
  Unavailable: [503, 'UNAVAILABLE'],
  DataLoss: [500, 'DATA_LOSS'],
  Internal: [500, 'INTERNAL'],
};

const mlflow: Record<ErrorCategory, [number, string]> = {
  NotFound: [404, 'RESOURCE_DOES_NOT_EXIST'],
  AlreadyExists: [400, 'RESOURCE_ALREADY_EXISTS'],
  InvalidArgument: [400, 'INVALID_PARAMETER_VALUE'],
  PermissionDenied: [403, 'PERMISSION_DENIED'],
  Unauthenticated: [401, 'UNAUTHENTICATED'],
  FailedPrecondition: [400, 'INVALID_PARAMETER_VALUE'],
  Conflict: [409, 'RESOURCE_CONFLICT'],
  Unavailable: [503, 'TEMPORARILY_UNAVAILABLE'],
  DataLoss: [500, 'DATA_LOSS'],
  Internal: [500, 'INTERNAL_ERROR'],
};

describe('error answers', () => {
  let s: Started;
  before(async () => {
    s = await startHttp();
  });
  after(() => s.kernel.stop());

  for (const [category, [status, code]] of Object.entries(native)) {
    it(`answers ${category} as ${status} ${code} in the native style`, async () => {
      const res = await call(`${s.url}/errors/native/${category}`, {
        method: 'POST',
        headers: { 'x-request-id': 'r-1' },
      });
      const thrown = errorsByCategory[category as ErrorCategory]();
      expect(res.status).to.equal(status);
      expect(res.json.error_code).to.equal(code);
      if (category === 'Internal') {
        expect(res.json.message).to.equal('internal error; quote request id r-1 when reporting it');
        expect(res.json.details).to.deep.equal({});
      } else {
        expect(res.json.message).to.equal(thrown.message);
        expect(res.json.details).to.deep.equal(thrown.details);
      }
    });
  }

  for (const [category, [status, code]] of Object.entries(mlflow)) {
    it(`answers ${category} as ${status} ${code} in the MLflow style`, async () => {
      const res = await call(`${s.url}/mlflow-errors/${category}`, { method: 'POST' });
      expect(res.status).to.equal(status);
      expect(res.json.error_code).to.equal(code);
    });
  }

  it('asks for credentials on 401', async () => {
    const res = await call(`${s.url}/errors/native/Unauthenticated`, { method: 'POST' });
    expect(res.headers['www-authenticate']).to.equal('Bearer realm="mlops"');
  });

  it('answers validation errors of MLflow routes as INVALID_PARAMETER_VALUE', async () => {
    const res = await call(`${s.url}/api/2.0/mlflow/experiments/get`);
    expect(res.status).to.equal(400);
    expect(res.json).to.deep.equal({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'query/experiment_id is required',
      details: {
        field: 'query/experiment_id',
        reason: 'invalid',
        errors: [{ field: 'query/experiment_id', message: 'query/experiment_id is required' }],
      },
    });
    const missing = await call(`${s.url}/api/2.0/mlflow/experiments/get?experiment_id=42`);
    expect(missing.status).to.equal(404);
    expect(missing.json.error_code).to.equal('RESOURCE_DOES_NOT_EXIST');
    expect(missing.json.message).to.equal('No Experiment with id=42 exists');
  });

  it('answers any other error as a generic 500 and logs it with the request id', async () => {
    const res = await call(`${s.url}/errors/native/Kaboom`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-500' },
    });
    expect(res.status).to.equal(500);
    expect(res.json).to.deep.equal({
      error_code: 'INTERNAL',
      message: 'internal error; quote request id req-500 when reporting it',
      details: {},
    });
    expect(res.text).not.to.contain('deadbeef');
    const line = s.kernel.logs.find((l) => l.requestId === 'req-500' && l.level === 50);
    expect(line?.msg).to.equal('request req-500 failed: secret internals: Kaboom at 0xdeadbeef');
    expect(line?.route).to.equal('POST /errors/:style/:category');
    expect((line?.err as { type?: string } | undefined)?.type).to.equal('TypeError');
  });
});
