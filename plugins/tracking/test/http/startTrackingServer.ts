import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, HttpServer, type PluginInstance, Tracking } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { httpPlugin } from '@mlops/plugin-http';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { sharedPostgres } from '@mlops/test-servers';
import type { Knex } from 'knex';
import { trackingPlugin } from '../../src/index.js';
import { migrations } from '../../src/migrations/index.js';

/** A kernel serving the tracking routes over HTTP on 127.0.0.1, on a fresh database and blob directory. */
export interface TrackingServer {
  readonly kernel: TestKernel;
  readonly tracking: Tracking;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The tracking plugin's tables, for checking what a request wrote. */
  readonly db: Knex;
  /** Where storage-fs keeps the blobs. */
  readonly blobRoot: string;
  readonly store: 'sqlite' | 'postgres';
  stop(): Promise<void>;
}

/** Options of {@link startTrackingServer}. */
export interface TrackingServerOptions {
  readonly store?: 'sqlite' | 'postgres';
  /** The server's JSON body limit (default the http plugin's). */
  readonly bodyLimitBytes?: number;
  /** Leave the BlobStore (and its multipart uploads) out. */
  readonly blobs?: boolean;
  readonly plugins?: readonly PluginInstance[];
}

/**
 * Starts store-sql (a temp SQLite file, or a fresh schema of the shared PostgreSQL), storage-fs
 * (a temp directory), the http plugin on port 0 and the tracking plugin.
 */
export async function startTrackingServer(options: TrackingServerOptions = {}): Promise<TrackingServer> {
  const dir = await mkdtemp(join(tmpdir(), 'tracking-http-'));
  const id = randomBytes(6).toString('hex');
  const store =
    options.store === 'postgres'
      ? { url: (await sharedPostgres()).url, schema: `trkhttp_${id}` }
      : { url: `sqlite:${join(dir, 'store.db')}` };
  const blobRoot = join(dir, 'blobs');
  const kernel = await createTestKernel({
    plugins: [
      storeSqlPlugin(store),
      ...(options.blobs === false ? [] : [storageFsPlugin({ root: blobRoot })]),
      httpPlugin({
        port: 0,
        accessLog: false,
        ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
      }),
      trackingPlugin(),
      ...(options.plugins ?? []),
    ],
  });
  const url = kernel.get(HttpServer).url;
  if (url === undefined) throw new Error('the http plugin did not listen');
  const db = await kernel.get(Database).forPlugin('@mlops/plugin-tracking', migrations);
  return {
    kernel,
    tracking: kernel.get(Tracking),
    url,
    db,
    blobRoot,
    store: options.store ?? 'sqlite',
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of every tracking table, and the blob files on disk: what a refused request must not change. */
export async function snapshotState(server: TrackingServer): Promise<Record<string, number | string[]>> {
  const listed =
    server.store === 'postgres'
      ? (
          (await server.db.raw(
            "select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like 'tracking%'",
          )) as { rows: { name: string }[] }
        ).rows
      : ((await server.db.raw(
          "select name from sqlite_master where type = 'table' and name like 'tracking%'",
        )) as { name: string }[]);
  const tables = listed.map((t) => t.name).sort();
  const state: Record<string, number | string[]> = {};
  for (const table of tables) {
    const row = (await server.db(table).count({ n: '*' }).first()) as { n: number | string };
    state[table] = Number(row.n);
  }
  state.blobs = await listFiles(server.blobRoot);
  return state;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}
