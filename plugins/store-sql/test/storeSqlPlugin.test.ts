import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, KernelError } from '@mlops/core';
import { Database, InvalidArgumentError, UnavailableError } from '@mlops/plugin-api';
import { sharedPostgres } from '@mlops/test-servers';
import { expect } from 'chai';
import { storeSqlPlugin } from '../src/index.js';
import { startStoreKernel } from './startStoreKernel.js';

const plugin = '@mlops/plugin-store-sql';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** A port nothing listens on: bound a moment ago, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('storeSqlPlugin', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-sql-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the version of its package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(storeSqlPlugin.manifest.version).to.equal(pkg.version);
  });

  describe('options', () => {
    it('refuses a url with an unknown scheme, naming /url', () => {
      const err = refusal(() => createKernel({ plugins: [storeSqlPlugin({ url: 'mysql://db/mlops' })] }));
      expect(err).to.be.instanceOf(KernelError);
      expect((err as KernelError).code).to.equal('PLUGIN_BAD_OPTIONS');
      expect(err.message).to.equal(
        `plugin "${plugin}": /url must match pattern "^(sqlite:.+|postgres(ql)?://.+)$"`,
      );
    });

    it('names an unknown option and a pool bound out of range', () => {
      const options = { pool: { max: 0 }, uri: 'sqlite::memory:' } as unknown as { url: string };
      const err = refusal(() => createKernel({ plugins: [storeSqlPlugin(options)] }));
      expect((err as KernelError).problems).to.have.members([
        `plugin "${plugin}": /uri is not a known option`,
        `plugin "${plugin}": /pool/max must be >= 1`,
      ]);
    });

    it('refuses a pool whose min exceeds its max when it sets up', async () => {
      const err = await rejection(startStoreKernel({ url: 'sqlite::memory:', pool: { min: 5, max: 2 } }));
      expect(err.message).to.equal(
        `plugin "${plugin}" failed in setup: option /pool/min (5) must not be greater than /pool/max (2)`,
      );
      expect(err.cause).to.be.instanceOf(InvalidArgumentError);
    });

    it('masks the url, which may hold a password, in the printed options', () => {
      const kernel = createKernel({
        plugins: [storeSqlPlugin({ url: 'postgres://mlops:s3cret@db.example:5432/mlops', pool: { max: 4 } })],
      });
      expect(kernel.plugins[0]!.maskedOptions).to.deep.equal({ url: '***', pool: { min: 0, max: 4 } });
    });
  });

  describe('on SQLite', () => {
    it('defaults to .mlops/mlops.db under the working directory, creating the directory', async () => {
      const cwd = process.cwd();
      process.chdir(dir);
      let started: Awaited<ReturnType<typeof startStoreKernel>>;
      try {
        started = await startStoreKernel({});
      } finally {
        process.chdir(cwd);
      }
      try {
        await started.kernel.get(Database).forPlugin('defaults-test', []);
        expect(existsSync(join(dir, '.mlops', 'mlops.db'))).to.equal(true);
      } finally {
        await started.kernel.stop();
      }
    });

    it('opens the file in WAL mode with foreign keys on and a busy timeout', async () => {
      const { kernel } = await startStoreKernel({
        url: `sqlite:${join(dir, 'nested', 'deeper', 'mlops.db')}`,
      });
      try {
        const knex = await kernel.get(Database).forPlugin('pragma-test', []);
        expect(kernel.get(Database).dialect).to.equal('sqlite');
        expect(await knex.raw('PRAGMA journal_mode')).to.deep.equal([{ journal_mode: 'wal' }]);
        expect(await knex.raw('PRAGMA foreign_keys')).to.deep.equal([{ foreign_keys: 1 }]);
        expect(await knex.raw('PRAGMA busy_timeout')).to.deep.equal([{ timeout: 10000 }]);
        expect(existsSync(join(dir, 'nested', 'deeper', 'mlops.db'))).to.equal(true);
      } finally {
        await kernel.stop();
      }
    });

    it('gives UnavailableError naming the file when it cannot be opened', async () => {
      await writeFile(join(dir, 'plain-file'), 'not a directory');
      const path = join(dir, 'plain-file', 'mlops.db');
      const err = await rejection(startStoreKernel({ url: `sqlite:${path}` }));
      expect(err.cause).to.be.instanceOf(UnavailableError);
      expect((err.cause as Error).message).to.equal(
        `SQLite at ${path} is unavailable: EEXIST: file already exists, mkdir '${join(dir, 'plain-file')}'`,
      );
    });

    it('warns that ssl and schema are ignored', async () => {
      const { kernel, logs } = await startStoreKernel({
        url: 'sqlite::memory:',
        ssl: true,
        schema: 'ignored',
      });
      await kernel.stop();
      const warnings = logs.filter((l) => l.level === 40).map((l) => l.msg);
      expect(warnings).to.deep.equal([
        'options ssl and schema apply to PostgreSQL only; they are ignored for SQLite',
      ]);
    });

    it('closes the connection when the kernel stops', async () => {
      const { kernel } = await startStoreKernel({ url: `sqlite:${join(dir, 'mlops.db')}` });
      const knex = await kernel.get(Database).forPlugin('close-test', []);
      expect(await knex.raw('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
      await kernel.stop();
      const err = await rejection(knex.raw('SELECT 1'));
      expect(err.message).to.equal('Unable to acquire a connection');
    });
  });

  describe('on PostgreSQL', () => {
    let url = '';
    let port = 0;
    before(async function () {
      this.timeout(600_000); // a fresh machine installs PostgreSQL first
      ({ url, port } = await sharedPostgres());
    });

    it('gives UnavailableError naming the host and port, without the password, when nothing answers', async () => {
      const closed = await closedPort();
      const err = await rejection(
        startStoreKernel({ url: `postgres://mlops:s3cret@127.0.0.1:${closed}/mlops` }),
      );
      expect(err.cause).to.be.instanceOf(UnavailableError);
      expect((err.cause as Error).message).to.equal(
        `PostgreSQL at 127.0.0.1:${closed}/mlops is unavailable: connect ECONNREFUSED 127.0.0.1:${closed}`,
      );
      expect(err.message).to.equal(`plugin "${plugin}" failed in setup: ${(err.cause as Error).message}`);
      expect(err.message).not.to.include('s3cret');
    });

    it('passes the ssl settings to the driver (this server has no TLS, so they are refused)', async () => {
      const err = await rejection(startStoreKernel({ url, ssl: { rejectUnauthorized: false } }));
      expect(err.cause).to.be.instanceOf(UnavailableError);
      expect((err.cause as Error).message).to.equal(
        `PostgreSQL at 127.0.0.1:${port}/postgres is unavailable: The server does not support SSL connections`,
      );
    });

    it('creates the schema when missing, even when two kernels start at once, and keeps its tables there', async () => {
      const schema = `store_sql_${Date.now().toString(36)}`;
      const [first, second] = await Promise.all([
        startStoreKernel({ url, schema }),
        startStoreKernel({ url, schema }),
      ]);
      const { kernel: observer } = await startStoreKernel({ url });
      try {
        await first!.kernel.get(Database).forPlugin('schema-test', [
          {
            name: '01_create',
            up: (trx) => trx.schema.createTable('schema_test_items', (t) => t.integer('id')),
          },
        ]);
        const knex = await observer.get(Database).forPlugin('schema-observer', []);
        const tables = await knex('information_schema.tables')
          .where({ table_schema: schema })
          .orderBy('table_name')
          .pluck('table_name');
        expect(tables).to.deep.equal(['mlops_migrations', 'schema_test_items']);
        expect(await knex.schema.hasTable('schema_test_items')).to.equal(false);
      } finally {
        await Promise.all([first!.kernel.stop(), second!.kernel.stop(), observer.stop()]);
      }
    });

    it('opens no more connections than pool.max', async () => {
      const app = `pool_${Date.now().toString(36)}`;
      const { kernel } = await startStoreKernel({ url: `${url}?application_name=${app}`, pool: { max: 2 } });
      const { kernel: observer } = await startStoreKernel({ url });
      try {
        const knex = await kernel.get(Database).forPlugin('pool-test', []);
        await Promise.all([1, 2, 3, 4, 5].map(() => knex.raw('SELECT pg_sleep(0.05)')));
        const watch = await observer.get(Database).forPlugin('pool-observer', []);
        const rows = await watch('pg_stat_activity').where({ application_name: app }).count({ n: '*' });
        expect(Number(rows[0]!.n)).to.equal(2);
      } finally {
        await Promise.all([kernel.stop(), observer.stop()]);
      }
    });
  });
});
