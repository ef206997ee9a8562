import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, type KernelError } from '@mlops/core';
import { Database } from '@mlops/plugin-api';
import { sharedPostgres } from '@mlops/test-servers';
import { expect } from 'chai';
import { storeSqlPlugin } from '../src/index.js';
import { startStoreKernel } from './startStoreKernel.js';

const plugin = '@mlops/plugin-store-sql';

describe('storeSqlPlugin option sqlite.synchronous', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-sql-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The `synchronous` level of the connection, once the file has a table (SQLite reports 1 for NORMAL, 2 for FULL). */
  async function synchronousOf(options: { sqlite?: { synchronous?: 'normal' | 'full' } }): Promise<unknown> {
    const { kernel } = await startStoreKernel({ url: `sqlite:${join(dir, 'mlops.db')}`, ...options });
    try {
      const knex = await kernel.get(Database).forPlugin('synchronous-test', []);
      return await knex.raw('PRAGMA synchronous');
    } finally {
      await kernel.stop();
    }
  }

  it('commits with synchronous=NORMAL by default, and FULL when asked', async () => {
    expect(await synchronousOf({})).to.deep.equal([{ synchronous: 1 }]);
    expect(await synchronousOf({ sqlite: { synchronous: 'normal' } })).to.deep.equal([{ synchronous: 1 }]);
    expect(await synchronousOf({ sqlite: { synchronous: 'full' } })).to.deep.equal([{ synchronous: 2 }]);
  });

  it('refuses another value, naming the field', () => {
    const options = { url: 'sqlite::memory:', sqlite: { synchronous: 'off' } } as unknown as { url: string };
    let err: KernelError | undefined;
    try {
      createKernel({ plugins: [storeSqlPlugin(options)] });
    } catch (e) {
      err = e as KernelError;
    }
    expect(err?.code).to.equal('PLUGIN_BAD_OPTIONS');
    expect(err?.message).to.equal(`plugin "${plugin}": /sqlite/synchronous must be one of "normal", "full"`);
  });

  it('is ignored for PostgreSQL, with a warning', async function () {
    this.timeout(600_000); // a fresh machine installs PostgreSQL first
    const { url } = await sharedPostgres();
    const { kernel, logs } = await startStoreKernel({ url, sqlite: { synchronous: 'full' } });
    await kernel.stop();
    expect(logs.filter((l) => l.level === 40).map((l) => l.msg)).to.deep.equal([
      'option sqlite applies to SQLite only; it is ignored for PostgreSQL',
    ]);
  });
});
