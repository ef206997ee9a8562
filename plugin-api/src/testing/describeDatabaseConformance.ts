import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { FailedPreconditionError, InternalError, InvalidArgumentError } from '../errors.js';
import type { Database, Migration } from '../ports/Database.js';
import { isUniqueViolation } from '../ports/isUniqueViolation.js';
import { rejectionOf } from './rejectionOf.js';

/** A database under test, as the `open` function of {@link describeDatabaseConformance} returns it. */
export interface DatabaseTarget {
  readonly database: Database;
  /** Releases what `open` made, including every Database `openSecond` opened; runs once, after the suite. */
  close?(): Promise<void>;
  /**
   * Opens a second, independent Database on the same storage, as a second server process would,
   * so the suite can race migrations across the two. Without it, the race runs on one Database.
   */
  openSecond?(): Promise<Database>;
}

/**
 * Defines a mocha suite, `Database conformance: <name>`, that checks a provider keeps every promise
 * of the Database port: migrations applied in name order and recorded per plugin, appended ones
 * applied alone, a failing migration rolled back without a trace and reported with its plugin and
 * name, transactions rolled back on throw, duplicate keys raising errors {@link isUniqueViolation}
 * recognises, each migration applied once when two callers race (on
 * two Databases with `openSecond`), unsorted or duplicate lists refused, the dialect, and the driver
 * connections the dialect names (borrowed through `knex.client.acquireConnection()`). Call it
 * at the top level of a mocha test file, with chai installed. `open` runs once, before the cases;
 * every case uses plugin and table names of its own (`dbc<random><n>_...`), so a shared server will
 * do; `close` runs after them. The tables are left in place.
 * @throws FailedPreconditionError when called outside mocha (no global `describe`).
 * @example
 * describeDatabaseConformance('store-sql on SQLite', async () => {
 *   const kernel = await createTestKernel({ plugins: [storeSqlPlugin({ url: 'sqlite::memory:' })] });
 *   return { database: kernel.get(Database), close: () => kernel.stop() };
 * });
 */
export function describeDatabaseConformance(name: string, open: () => Promise<DatabaseTarget>): void {
  if (typeof describe !== 'function') {
    throw new FailedPreconditionError(
      `describeDatabaseConformance("${name}") must run in a mocha test file: mocha's describe is not defined`,
      { reason: 'no_mocha' },
    );
  }
  const run = randomBytes(4).toString('hex');
  let cases = 0;
  let target: DatabaseTarget | undefined;
  const opened = (): DatabaseTarget => {
    if (target === undefined) throw new Error(`the database "${name}" is not open: its open() failed`);
    return target;
  };
  const db = () => opened().database;
  /** Names no other case (nor another run on a shared server) uses: a plugin and its tables. */
  const fresh = () => {
    const prefix = `dbc${run}${++cases}`;
    return { plugin: `conformance-${prefix}`, table: (suffix: string) => `${prefix}_${suffix}` };
  };

  describe(`Database conformance: ${name}`, () => {
    before(async () => {
      target = await open();
    });
    after(async () => {
      await target?.close?.();
    });

    it("reports its dialect as 'sqlite' or 'postgres'", () => {
      expect(['sqlite', 'postgres']).to.include(db().dialect);
    });

    it("lends its driver's own connections: better-sqlite3 on sqlite, node-postgres on postgres", async () => {
      const knex = await db().forPlugin(fresh().plugin, []);
      const connection = (await knex.client.acquireConnection()) as {
        prepare?: (sql: string) => { get(): unknown };
        query?: (sql: string) => Promise<{ rows: unknown[] }>;
      };
      try {
        const row =
          db().dialect === 'sqlite'
            ? connection.prepare!('SELECT 41 + 1 AS answer').get()
            : (await connection.query!('SELECT 41 + 1 AS answer')).rows[0];
        expect(row).to.deep.equal({ answer: 42 });
      } finally {
        await knex.client.releaseConnection(connection);
      }
      // Given back: the next query gets a connection (on SQLite, the same one).
      expect(await knex.first(knex.raw('1 AS one'))).to.deep.equal({ one: 1 });
    });

    it('applies migrations in name order, each seeing the ones before, and returns a handle on their tables', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const knex = await db().forPlugin(plugin, [
        createTable('20260101_01_createItems', table('items'), applied),
        {
          name: '20260101_02_seedItems',
          async up(trx) {
            applied.push('20260101_02_seedItems');
            await trx(table('items')).insert({ id: 1, label: 'seeded by 02' });
          },
        },
        createTable('20260101_10_createTags', table('tags'), applied),
      ]);
      expect(applied).to.deep.equal([
        '20260101_01_createItems',
        '20260101_02_seedItems',
        '20260101_10_createTags',
      ]);
      expect(await knex(table('items')).select('id', 'label')).to.deep.equal([
        { id: 1, label: 'seeded by 02' },
      ]);
      expect(await knex.schema.hasTable(table('tags'))).to.equal(true);
    });

    it('records applied migrations: the same list a second time applies nothing', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const migrations = [createTable('01_createItems', table('items'), applied)];
      await db().forPlugin(plugin, migrations);
      const knex = await db().forPlugin(plugin, migrations);
      expect(applied).to.deep.equal(['01_createItems']);
      await knex(table('items')).insert({ id: 7, label: 'after' });
      expect(await knex(table('items')).pluck('id')).to.deep.equal([7]);
    });

    it('applies only the migration appended to an applied list', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const first = [
        createTable('01_createItems', table('items'), applied),
        createTable('02_createTags', table('tags'), applied),
      ];
      await db().forPlugin(plugin, first);
      const knex = await db().forPlugin(plugin, [
        ...first,
        createTable('03_createNotes', table('notes'), applied),
      ]);
      expect(applied).to.deep.equal(['01_createItems', '02_createTags', '03_createNotes']);
      expect(await knex.schema.hasTable(table('notes'))).to.equal(true);
    });

    it('tracks migrations per plugin: the same name in two plugins applies in both', async () => {
      const one = fresh();
      const two = fresh();
      const applied: string[] = [];
      await db().forPlugin(one.plugin, [createTable('01_create', one.table('t'), applied)]);
      const knex = await db().forPlugin(two.plugin, [createTable('01_create', two.table('t'), applied)]);
      expect(applied).to.deep.equal(['01_create', '01_create']);
      expect(await knex.schema.hasTable(one.table('t'))).to.equal(true);
      expect(await knex.schema.hasTable(two.table('t'))).to.equal(true);
    });

    it('rolls back a migration that throws halfway, records none of it, and names the plugin and migration', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const boom = new Error('boom after the insert');
      const good = createTable('01_createItems', table('items'), applied);
      const failing: Migration = {
        name: '02_createBroken',
        async up(trx) {
          applied.push('02_createBroken');
          await trx.schema.createTable(table('broken'), (t) => {
            t.integer('id').primary();
          });
          await trx(table('broken')).insert({ id: 1 });
          throw boom;
        },
      };
      const err = await rejectionOf(
        db().forPlugin(plugin, [good, failing]),
        'forPlugin with a failing migration',
      );
      expect(err).to.be.instanceOf(InternalError);
      expect((err as Error).message).to.equal(
        `migration "02_createBroken" of plugin "${plugin}" failed: boom after the insert`,
      );
      expect((err as Error).cause).to.equal(boom);

      const knex = await db().forPlugin(plugin, [good]);
      expect(await knex.schema.hasTable(table('broken'))).to.equal(false);
      expect(await knex.schema.hasTable(table('items'))).to.equal(true);
      // Not recorded: the fixed migration of the same name now runs; the one before it does not rerun.
      await db().forPlugin(plugin, [good, createTable('02_createBroken', table('broken'), applied)]);
      expect(applied).to.deep.equal(['01_createItems', '02_createBroken', '02_createBroken']);
      expect(await knex.schema.hasTable(table('broken'))).to.equal(true);
    });

    it('raises errors isUniqueViolation recognises for a duplicate primary or unique key, and only for those', async () => {
      const { plugin, table } = fresh();
      const knex = await db().forPlugin(plugin, [
        {
          name: '01_createItems',
          async up(trx) {
            await trx.schema.createTable(table('items'), (t) => {
              t.integer('id').primary();
              t.string('label', 100).notNullable().unique();
            });
          },
        },
      ]);
      await knex(table('items')).insert({ id: 1, label: 'one' });
      const samePrimary = await rejectionOf(
        knex(table('items')).insert({ id: 1, label: 'other' }),
        'duplicate id',
      );
      const sameUnique = await rejectionOf(
        knex(table('items')).insert({ id: 2, label: 'one' }),
        'duplicate label',
      );
      const notNull = await rejectionOf(knex(table('items')).insert({ id: 3, label: null }), 'null label');
      expect(isUniqueViolation(samePrimary), 'a duplicate primary key').to.equal(true);
      expect(isUniqueViolation(sameUnique), 'a duplicate unique column').to.equal(true);
      expect(isUniqueViolation(notNull), 'a NOT NULL violation').to.equal(false);
    });

    it('commits a transaction on the returned handle, and rolls it back when its callback throws', async () => {
      const { plugin, table } = fresh();
      const knex = await db().forPlugin(plugin, [createTable('01_createItems', table('items'), [])]);
      await knex.transaction(async (trx) => {
        await trx(table('items')).insert({ id: 1, label: 'kept' });
      });
      const abort = new Error('abort the transaction');
      const err = await rejectionOf(
        knex.transaction(async (trx) => {
          await trx(table('items')).insert({ id: 2, label: 'rolled back' });
          await trx(table('items')).where({ id: 1 }).update({ label: 'changed' });
          throw abort;
        }),
        'a transaction whose callback throws',
      );
      expect(err).to.equal(abort);
      expect(await knex(table('items')).select('id', 'label')).to.deep.equal([{ id: 1, label: 'kept' }]);
    });

    it('applies each migration once when forPlugin calls race on one Database', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const migrations = ['01_a', '02_b', '03_c'].map((m) => createTable(m, table(m), applied, 10));
      const handles = await Promise.all([1, 2, 3].map(() => db().forPlugin(plugin, migrations)));
      expect(applied).to.deep.equal(['01_a', '02_b', '03_c']);
      for (const knex of handles) expect(await knex.schema.hasTable(table('03_c'))).to.equal(true);
    });

    it('applies each migration once when two Databases race (a second one from openSecond when given)', async () => {
      const first = db();
      const second = (await opened().openSecond?.()) ?? first;
      const one = fresh();
      const two = fresh();
      const applied: string[] = [];
      const list = (p: typeof one) =>
        ['01_a', '02_b', '03_c'].map((m) => createTable(m, p.table(m), applied, 10, p.plugin));
      const [knex] = await Promise.all([
        first.forPlugin(one.plugin, list(one)),
        second.forPlugin(one.plugin, list(one)),
        second.forPlugin(two.plugin, list(two)),
        first.forPlugin(two.plugin, list(two)),
      ]);
      const ofPlugin = (p: string) =>
        applied.filter((a) => a.startsWith(`${p}:`)).map((a) => a.split(':')[1]);
      expect(ofPlugin(one.plugin)).to.deep.equal(['01_a', '02_b', '03_c']);
      expect(ofPlugin(two.plugin)).to.deep.equal(['01_a', '02_b', '03_c']);
      expect(await knex!.schema.hasTable(two.table('03_c'))).to.equal(true);
    });

    it('refuses a list not sorted by name with InvalidArgumentError naming the migration, applying none', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const err = await rejectionOf(
        db().forPlugin(plugin, [
          createTable('01_first', table('first'), applied),
          createTable('03_third', table('third'), applied),
          createTable('02_second', table('second'), applied),
        ]),
        'forPlugin with an unsorted list',
      );
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        `migrations of plugin "${plugin}" must be sorted by name: "02_second" is listed after "03_third"`,
      );
      expect((err as InvalidArgumentError).details.field).to.equal('migrations[2]');
      expect(applied).to.deep.equal([]);
      const knex = await db().forPlugin(plugin, []);
      expect(await knex.schema.hasTable(table('first'))).to.equal(false);
    });

    it('refuses a list with a duplicate name with InvalidArgumentError naming the migration, applying none', async () => {
      const { plugin, table } = fresh();
      const applied: string[] = [];
      const err = await rejectionOf(
        db().forPlugin(plugin, [
          createTable('01_first', table('first'), applied),
          createTable('02_second', table('second'), applied),
          createTable('02_second', table('again'), applied),
        ]),
        'forPlugin with a duplicate name',
      );
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        `migrations of plugin "${plugin}" must have unique names: "02_second" is listed twice`,
      );
      expect((err as InvalidArgumentError).details.field).to.equal('migrations[2]');
      expect(applied).to.deep.equal([]);
      const knex = await db().forPlugin(plugin, []);
      expect(await knex.schema.hasTable(table('first'))).to.equal(false);
    });
  });
}

/**
 * A migration that creates `table` (id, label) and logs its name to `applied` (as `<tag>:<name>`
 * when `tag` is given), after a pause of `pauseMs` inside its transaction to widen race windows.
 */
function createTable(name: string, table: string, applied: string[], pauseMs = 0, tag?: string): Migration {
  return {
    name,
    async up(trx: Knex) {
      applied.push(tag === undefined ? name : `${tag}:${name}`);
      await trx.schema.createTable(table, (t) => {
        t.integer('id').primary();
        t.string('label', 100);
      });
      if (pauseMs > 0) await sleep(pauseMs);
    },
  };
}
