import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, HttpServer, type PluginInstance } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { httpPlugin } from '@mlops/plugin-http';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { sharedPostgres } from '@mlops/test-servers';
import type { Knex } from 'knex';
import { type HpoOptions, hpoMigrations, hpoPlugin } from '../src/index.js';

/** store-sql options of one database. */
export interface StoreOptions {
  readonly url: string;
  readonly schema?: string;
}

/** A fresh database: an SQLite file in `dir`, or a new schema of the shared PostgreSQL. */
export async function freshStore(kind: 'sqlite' | 'postgres', dir: string): Promise<StoreOptions> {
  const id = randomBytes(6).toString('hex');
  return kind === 'postgres'
    ? { url: (await sharedPostgres()).url, schema: `hpo_${id}` }
    : { url: `sqlite:${join(dir, `${id}.db`)}` };
}

/** A started kernel with store-sql and the HPO plugin, and a knex handle on its tables. */
export interface HpoHarness {
  readonly kernel: TestKernel;
  readonly db: Knex;
  /** `http://127.0.0.1:<port>` when started with `http`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Options of {@link startHpo}. */
export interface StartOptions {
  readonly store: StoreOptions;
  readonly hpo?: Partial<HpoOptions>;
  /** Serve HTTP on 127.0.0.1 (port 0). */
  readonly http?: boolean;
  readonly bodyLimitBytes?: number;
  readonly plugins?: readonly PluginInstance[];
}

/** Starts a kernel with store-sql, optionally http, the given plugins and the HPO plugin. */
export async function startHpo(options: StartOptions): Promise<HpoHarness> {
  const kernel = await createTestKernel({
    plugins: [
      storeSqlPlugin(options.store),
      ...(options.http
        ? [
            httpPlugin({
              port: 0,
              accessLog: false,
              ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
            }),
          ]
        : []),
      ...(options.plugins ?? []),
      hpoPlugin(options.hpo ?? {}),
    ],
  });
  const db = await kernel.get(Database).forPlugin('@mlops/plugin-hpo', hpoMigrations);
  return {
    kernel,
    db,
    url: options.http ? kernel.get(HttpServer).url! : '',
    stop: () => kernel.stop(),
  };
}

/** A temporary directory and its removal. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hpo-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Row counts of every HPO table: what a refused request must leave unchanged. */
export async function hpoRowCounts(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'hpo_studies',
    'hpo_study_attrs',
    'hpo_trials',
    'hpo_trial_params',
    'hpo_trial_intermediate',
  ]) {
    const row = (await db(table).count({ n: '*' }).first()) as { n: number | string };
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A JSON request to the server; the answer's status, headers and parsed body (text when not JSON). */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'Content-Type': 'application/json' },
        }),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    body: json && text !== '' ? JSON.parse(text) : text,
  };
}
