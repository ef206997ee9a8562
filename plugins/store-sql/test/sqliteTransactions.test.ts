import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database, type Kernel } from '@mlops/plugin-api';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { startStoreKernel } from './startStoreKernel.js';

describe('store-sql transactions on an SQLite file shared with another connection', () => {
  let dir = '';
  let kernel: Kernel;
  let knex: Knex;
  let other: BetterSqlite3.Database;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-sql-trx-'));
    const file = join(dir, 'mlops.db');
    ({ kernel } = await startStoreKernel({ url: `sqlite:${file}` }));
    knex = await kernel.get(Database).forPlugin('trx-test', [
      {
        name: '01_createItems',
        async up(db) {
          await db.schema.createTable('items', (t) => {
            t.integer('id').primary();
            t.string('label', 100);
          });
        },
      },
    ]);
    // Another connection, as a writer thread or a second process has: it never waits for a lock.
    other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 0');
  });
  after(async () => {
    other.close();
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('hold the write lock from their first statement, so a read, then a write, never fails for want of it', async () => {
    await knex.transaction(async (trx) => {
      await trx('items').select('id');
      // With a deferred BEGIN the read takes no write lock: this commit would pass, and the write
      // below would then fail with SQLITE_BUSY (its snapshot is older than the database).
      expect(() => other.exec("INSERT INTO items (id, label) VALUES (1, 'other')")).to.throw(
        /database is locked/,
      );
      await trx('items').insert({ id: 2, label: 'ours' });
    });
    expect(await knex('items').select('id', 'label')).to.deep.equal([{ id: 2, label: 'ours' }]);
  });

  /**
   * Starts `write` while `other` holds the write lock, checks that this thread's timers run while
   * it waits and that it is counted in writeLockRequests, then releases the lock and awaits it.
   */
  async function writeWhileLockedElsewhere(write: () => Promise<unknown>): Promise<void> {
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const written = write();
      await sleep(50);
      // Waiting in SQLite's busy handler would have held this thread: no timer, no release below.
      expect(ticks).to.be.greaterThan(5);
      // Counted meanwhile, so that a writer thread of this process would let it in.
      expect(kernel.get(Database).writeLockRequests?.waiting).to.equal(1);
      other.exec('COMMIT');
      await written;
    } finally {
      clearInterval(timer);
      if (other.inTransaction) other.exec('ROLLBACK');
    }
    expect(kernel.get(Database).writeLockRequests?.waiting).to.equal(0);
  }

  it('wait for a lock held elsewhere without blocking the event loop, then commit', async () => {
    await writeWhileLockedElsewhere(() =>
      knex.transaction(async (trx) => {
        await trx('items').insert({ id: 3, label: 'after the wait' });
      }),
    );
    expect(await knex('items').where({ id: 3 }).first()).to.deep.equal({ id: 3, label: 'after the wait' });
  });

  it('and single writes outside a transaction wait for the lock the same way', async () => {
    await writeWhileLockedElsewhere(async () => knex('items').insert({ id: 6, label: 'alone' }));
    expect(await knex('items').where({ id: 6 }).first()).to.deep.equal({ id: 6, label: 'alone' });
  });

  it('are counted in writeLockRequests only on a file: a database in memory has none', async () => {
    const { kernel: inMemory } = await startStoreKernel({ url: 'sqlite::memory:' });
    try {
      expect(inMemory.get(Database).writeLockRequests).to.equal(undefined);
      expect(kernel.get(Database).writeLockRequests?.waiting).to.equal(0);
    } finally {
      await inMemory.stop();
    }
  });

  it('stay savepoints when nested, inside the outer write transaction', async () => {
    await knex.transaction(async (trx) => {
      await trx('items').insert({ id: 4, label: 'outer' });
      await trx
        .transaction(async (inner) => {
          await inner('items').insert({ id: 5, label: 'inner' });
          throw new Error('undo the inner one');
        })
        .catch(() => undefined);
    });
    expect((await knex('items').whereIn('id', [4, 5]).select('id')).map((r) => r.id)).to.deep.equal([4]);
  });
});
