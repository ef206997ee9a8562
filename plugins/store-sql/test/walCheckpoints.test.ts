import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Database } from '@mlops/plugin-api';
import { expect } from 'chai';
import { startStoreKernel } from './startStoreKernel.js';

describe('storeSqlPlugin option sqlite.checkpointIntervalMs', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-sql-wal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const file = () => join(dir, 'mlops.db');
  const walBytes = () => statSync(`${file()}-wal`, { throwIfNoEntry: false })?.size ?? 0;

  /** Writes `rows` rows of 1 KB in transactions of 100 through the plugin's knex. */
  async function write(knex: Awaited<ReturnType<Database['forPlugin']>>, rows: number) {
    for (let i = 0; i < rows; i += 100) {
      await knex.transaction(async (trx) => {
        await trx('blobs').insert(
          Array.from({ length: 100 }, (_, j) => ({ id: i + j, body: 'x'.repeat(1024) })),
        );
      });
    }
  }

  const table = {
    name: '0001_blobs',
    up: async (db: Awaited<ReturnType<Database['forPlugin']>>) =>
      db.schema.createTable('blobs', (t) => {
        t.integer('id').primary();
        t.text('body');
      }),
  };

  it('checkpoints the log from a worker thread, not in commits, and truncates it at stop', async () => {
    const { kernel } = await startStoreKernel({
      url: `sqlite:${file()}`,
      sqlite: { checkpointIntervalMs: 50 },
    });
    const knex = await kernel.get(Database).forPlugin('wal-test', [table]);
    expect(await knex.raw('PRAGMA wal_autocheckpoint')).to.deep.equal([{ wal_autocheckpoint: 0 }]);
    await write(knex, 3000);
    // The worker copies the log into the database: the file grows to hold the rows.
    const deadline = Date.now() + 5000;
    while (statSync(file()).size < 3000 * 1024 && Date.now() < deadline) await sleep(20);
    expect(statSync(file()).size).to.be.greaterThan(3000 * 1024);
    await kernel.stop();
    expect(walBytes()).to.equal(0);

    const again = await startStoreKernel({ url: `sqlite:${file()}` });
    const rows = await (await again.kernel.get(Database).forPlugin('wal-test', [table]))('blobs').count({
      n: '*',
    });
    await again.kernel.stop();
    expect(rows).to.deep.equal([{ n: 3000 }]);
  });

  it('lets a process that stops its kernel in a top-level await exit by itself, the log emptied', async () => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./stopAndExit.js', import.meta.url)), file()],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, stderr).to.equal(0);
    expect(walBytes()).to.equal(0);
  });

  it('leaves checkpoints to SQLite with 0', async () => {
    const { kernel } = await startStoreKernel({
      url: `sqlite:${file()}`,
      sqlite: { checkpointIntervalMs: 0 },
    });
    try {
      const knex = await kernel.get(Database).forPlugin('wal-test', [table]);
      expect(await knex.raw('PRAGMA wal_autocheckpoint')).to.deep.equal([{ wal_autocheckpoint: 1000 }]);
    } finally {
      await kernel.stop();
    }
  });
});
