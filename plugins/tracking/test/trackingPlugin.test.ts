import { readFileSync } from 'node:fs';
import { createKernel, type KernelError } from '@mlops/core';
import { FailedPreconditionError, LoggedModels, Tracking } from '@mlops/plugin-api';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { expect } from 'chai';
import { purgeDeleted, trackingPlugin } from '../src/index.js';

describe('trackingPlugin', () => {
  it('has the version of its package.json and declares its ports', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
      name: string;
    };
    expect(trackingPlugin.manifest.version).to.equal(pkg.version);
    expect(trackingPlugin.manifest.name).to.equal(pkg.name);
    expect(trackingPlugin.manifest.provides).to.deep.equal([Tracking, LoggedModels]);
  });

  it('refuses bad options, naming them', () => {
    let error: KernelError | undefined;
    try {
      createKernel({
        plugins: [
          storeSqlPlugin({ url: 'sqlite::memory:' }),
          trackingPlugin({ retentionDays: -1, searchMaxResults: 60_000, retention: 3 } as never),
        ],
      });
    } catch (err) {
      error = err as KernelError;
    }
    expect(error?.code).to.equal('PLUGIN_BAD_OPTIONS');
    expect(error?.problems).to.have.members([
      'plugin "@mlops/plugin-tracking": /retention is not a known option',
      'plugin "@mlops/plugin-tracking": /retentionDays must be >= 0',
      'plugin "@mlops/plugin-tracking": /searchMaxResults must be <= 50000',
    ]);
  });

  it('purges only through its own Tracking', async () => {
    const foreign = {} as Tracking;
    let error: unknown;
    try {
      await purgeDeleted(
        foreign,
        {},
        { principal: { id: 'x', kind: 'user', roles: [] }, tenant: 'default', requestId: 'r' },
      );
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(FailedPreconditionError);
    expect((error as Error).message).to.equal(
      'purgeDeleted needs the Tracking provided by @mlops/plugin-tracking',
    );
  });
});
