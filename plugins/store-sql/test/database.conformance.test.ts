import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type Kernel } from '@mlops/plugin-api';
import { type DatabaseTarget, describeDatabaseConformance } from '@mlops/plugin-api/testing';
import { sharedPostgres } from '@mlops/test-servers';
import { startStoreKernel } from './startStoreKernel.js';

/** A target whose `openSecond` starts another kernel on the same url, as a second server would. */
async function openTarget(url: string, cleanup?: () => Promise<void>): Promise<DatabaseTarget> {
  const kernels: Kernel[] = [(await startStoreKernel({ url })).kernel];
  return {
    database: kernels[0]!.get(Database),
    async openSecond() {
      const { kernel } = await startStoreKernel({ url });
      kernels.push(kernel);
      return kernel.get(Database);
    },
    async close() {
      for (const kernel of kernels) await kernel.stop();
      await cleanup?.();
    },
  };
}

describeDatabaseConformance('store-sql on SQLite in memory', async () => {
  const { kernel } = await startStoreKernel({ url: 'sqlite::memory:' });
  return { database: kernel.get(Database), close: () => kernel.stop() };
});

describeDatabaseConformance('store-sql on an SQLite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'store-sql-'));
  return openTarget(`sqlite:${join(dir, 'mlops.db')}`, () => rm(dir, { recursive: true, force: true }));
});

describe('store-sql on PostgreSQL', () => {
  let url = '';
  before(async function () {
    this.timeout(600_000); // a fresh machine installs PostgreSQL first
    url = (await sharedPostgres()).url;
  });
  describeDatabaseConformance('store-sql on PostgreSQL', () => openTarget(url));
});
