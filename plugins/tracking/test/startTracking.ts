import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallContext, Database, type PluginInstance, Tracking } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { sharedPostgres } from '@mlops/test-servers';
import type { Knex } from 'knex';
import { memoryBlobStorePlugin } from 'mlops-plugin-memory-blobstore';
import { trackingPlugin } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import type { TrackingOptions } from '../src/options.js';

/** The two databases every suite runs on. */
export type StoreKind = 'sqlite' | 'postgres';

/** A started kernel with the tracking plugin, and a knex handle on its tables for assertions. */
export interface TrackingHarness {
  readonly kernel: TestKernel;
  readonly tracking: Tracking;
  readonly call: CallContext;
  readonly db: Knex;
  /** The store-sql options the kernel was started with (to start a second process on it). */
  readonly store: { readonly url: string; readonly schema?: string };
  stop(): Promise<void>;
}

/** Options of {@link StoreTarget.start}. */
export interface StartOptions {
  readonly tracking?: Partial<TrackingOptions>;
  /** Add the in-memory BlobStore (default true). */
  readonly blobs?: boolean;
  readonly plugins?: readonly PluginInstance[];
  /** Reuse this database instead of making a fresh one. */
  readonly store?: { readonly url: string; readonly schema?: string };
}

/** One database kind; each `start` gets a fresh database (an SQLite file, a PostgreSQL schema). */
export class StoreTarget {
  private dir = '';
  private pgUrl = '';
  private readonly started: TrackingHarness[] = [];

  constructor(readonly kind: StoreKind) {}

  async prepare(): Promise<void> {
    if (this.kind === 'sqlite') this.dir = await mkdtemp(join(tmpdir(), 'tracking-'));
    else this.pgUrl = (await sharedPostgres()).url;
  }

  /** A fresh database's store-sql options. */
  freshStore(): { url: string; schema?: string } {
    const id = randomBytes(6).toString('hex');
    return this.kind === 'sqlite'
      ? { url: `sqlite:${join(this.dir, `${id}.db`)}` }
      : { url: this.pgUrl, schema: `trk_${id}` };
  }

  async start(options: StartOptions = {}): Promise<TrackingHarness> {
    const store = options.store ?? this.freshStore();
    const kernel = await createTestKernel({
      plugins: [
        storeSqlPlugin(store),
        ...(options.blobs === false ? [] : [memoryBlobStorePlugin()]),
        trackingPlugin(options.tracking ?? {}),
        ...(options.plugins ?? []),
      ],
    });
    const db = await kernel.get(Database).forPlugin('@mlops/plugin-tracking', migrations);
    const harness: TrackingHarness = {
      kernel,
      tracking: kernel.get(Tracking),
      call: kernel.call,
      db,
      store,
      stop: () => kernel.stop(),
    };
    this.started.push(harness);
    return harness;
  }

  async cleanup(): Promise<void> {
    for (const h of this.started.splice(0)) await h.stop();
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs `body` twice, on SQLite (a temp file) and on PostgreSQL (the shared test server), each in
 * its own describe block whose title names the store.
 */
export function describeOnStores(title: string, body: (target: StoreTarget) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} on ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, function () {
      this.timeout(30_000);
      const target = new StoreTarget(kind);
      before(async function () {
        this.timeout(600_000); // a fresh machine installs PostgreSQL first
        await target.prepare();
      });
      after(() => target.cleanup());
      body(target);
    });
  }
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Counts rows of a tracking table matching `where`. */
export async function countRows(
  db: Knex,
  table: string,
  where: Record<string, unknown> = {},
): Promise<number> {
  const row = (await db(table).where(where).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

/** The surrogate id of a run, for counting its rows. */
export async function runIntOf(db: Knex, runId: string): Promise<number> {
  const row = (await db('tracking_runs').where({ run_id: runId }).first('run_int')) as { run_int: number };
  return Number(row.run_int);
}
