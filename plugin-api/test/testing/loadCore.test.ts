import { expect } from 'chai';
import { FailedPreconditionError } from '../../src/index.js';
import { loadCore } from '../../src/testing/loadCore.js';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (err: unknown) => err,
  );
}

describe('loadCore', () => {
  it('loads @mlops/core with createKernel and createLogger', async () => {
    const core = await loadCore();
    expect(core.createKernel).to.be.a('function');
    expect(core.createLogger).to.be.a('function');
  });

  it('tells the author to install the module when it is missing', async () => {
    const err = await rejectionOf(loadCore('@mlops/core-that-is-not-installed'));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      'createTestKernel needs @mlops/core-that-is-not-installed, which is not installed: run `npm install -D @mlops/core-that-is-not-installed`',
    );
  });

  it('refuses a module that lacks the kernel exports', async () => {
    const err = await rejectionOf(loadCore('node:path'));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      'node:path does not export createKernel and createLogger: install the version that matches @mlops/plugin-api 0.1.0',
    );
  });
});
