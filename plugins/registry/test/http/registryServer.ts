import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BeforeModelTransition,
  definePlugin,
  HttpServer,
  type PluginInstance,
  pass,
  Registry,
  Tracking,
  veto,
} from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { httpPlugin } from '@mlops/plugin-http';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { registryPlugin } from '../../src/index.js';

/** A kernel serving the registry over HTTP on 127.0.0.1, on a SQLite file (or the store given). */
export interface RegistryServer {
  readonly kernel: TestKernel;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly registry: Registry;
  readonly tracking: Tracking;
  stop(): Promise<void>;
}

/**
 * Starts store-sql (a new SQLite file in a temp directory unless `store` says otherwise), the
 * http plugin on port 0 (with `http` options), tracking, the registry, then `after`.
 */
export async function startRegistryServer(
  setup: {
    readonly store?: { url: string; schema?: string };
    readonly http?: { readonly bodyLimitBytes?: number };
    readonly after?: readonly PluginInstance[];
    /** Add storage-fs (in the temp directory), for flows that upload artifacts. */
    readonly blobs?: boolean;
  } = {},
): Promise<RegistryServer> {
  const dir = await mkdtemp(join(tmpdir(), 'registry-http-'));
  const kernel = await createTestKernel({
    plugins: [
      storeSqlPlugin(setup.store ?? { url: `sqlite:${join(dir, 'mlops.db')}` }),
      ...(setup.blobs ? [storageFsPlugin({ root: join(dir, 'blobs') })] : []),
      httpPlugin({ port: 0, accessLog: false, ...setup.http }),
      trackingPlugin(),
      registryPlugin(),
      ...(setup.after ?? []),
    ],
  });
  const url = kernel.get(HttpServer).url;
  if (url === undefined) throw new Error('the http plugin is not listening');
  return {
    kernel,
    url,
    registry: kernel.get(Registry),
    tracking: kernel.get(Tracking),
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A gate plugin (`test-gate`) that vetoes every move to Production with `reason`. */
export function productionVetoPlugin(reason: string): PluginInstance {
  return definePlugin({
    name: 'test-gate',
    version: '0.1.0',
    apiVersion: '^0.1.0',
    setup(ctx) {
      ctx.hooks.intercept(BeforeModelTransition, (t) => (t.to === 'Production' ? veto(reason) : pass()));
    },
  })();
}

/** An answer, its body parsed as JSON when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** Sends a request and reads the whole answer. */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    body: json ? JSON.parse(text) : undefined,
    text,
  };
}

/** Headers every request of MLflow's official Python client (2.12, through `requests`) carries. */
export const pythonClientHeaders = {
  'User-Agent': 'mlflow-python-client/2.12.2',
  'Accept-Encoding': 'gzip, deflate',
  Accept: '*/*',
};

/**
 * Sends MLflow REST requests exactly as the official Python client does: GET fields as a query
 * string (lists as repeated keys, as `requests` encodes them), other methods as a JSON body,
 * DELETE included.
 */
export function mlflowClient(base: string, prefix = '/api/2.0/mlflow') {
  const call = (method: string, path: string, fields: Record<string, unknown>): Promise<Answer> => {
    if (method === 'GET') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
      }
      const qs = query.toString();
      return send(`${base}${prefix}${path}${qs === '' ? '' : `?${qs}`}`, { headers: pythonClientHeaders });
    }
    return send(`${base}${prefix}${path}`, {
      method,
      headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    });
  };
  return {
    get: (path: string, fields: Record<string, unknown> = {}) => call('GET', path, fields),
    post: (path: string, fields: Record<string, unknown>) => call('POST', path, fields),
    patch: (path: string, fields: Record<string, unknown>) => call('PATCH', path, fields),
    delete: (path: string, fields: Record<string, unknown>) => call('DELETE', path, fields),
  };
}

/** What {@link scrubTimes} puts in place of a checked time. */
export const T = '<time>';

/**
 * `body` with every `*_timestamp` field (and `at`) replaced by {@link T}, after checking that it
 * is a whole number of milliseconds at or after `since` and not in the future, so that whole
 * bodies can be compared.
 */
export function scrubTimes(body: unknown, since: number): unknown {
  if (Array.isArray(body)) return body.map((item) => scrubTimes(item, since));
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (!(key.endsWith('_timestamp') || key === 'at')) return [key, scrubTimes(value, since)];
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < since || value > Date.now()) {
        throw new Error(`${key} ${JSON.stringify(value)} is not a time since ${since}`);
      }
      return [key, T];
    }),
  );
}

/** Logs a finished run in Tracking and returns its id and artifact URI. */
export async function finishedRun(
  tracking: Tracking,
  call: TestKernel['call'],
  metrics: Readonly<Record<string, number>> = {},
): Promise<{ runId: string; artifactUri: string }> {
  const experiments = await tracking.searchExperiments({ filter: "name = 'training'" }, call);
  const experimentId =
    experiments.items[0]?.experimentId ??
    (await tracking.createExperiment({ name: 'training' }, call)).experimentId;
  const { info } = await tracking.createRun({ experimentId, runName: 'train' }, call);
  const now = Date.now();
  await tracking.logBatch(
    info.runId,
    { metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: now })) },
    call,
  );
  await tracking.updateRun(info.runId, { status: 'FINISHED', endTime: now + 1 }, call);
  return { runId: info.runId, artifactUri: info.artifactUri };
}
