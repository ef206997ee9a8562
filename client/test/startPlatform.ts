import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@mlops/core';
import { HttpServer, type Kernel } from '@mlops/plugin-api';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { createClient, type MlopsClient } from '../src/index.js';

/** A real server on 127.0.0.1 (SQLite file, blobs on disk, tracking and registry) and a client of it. */
export interface Platform {
  readonly kernel: Kernel;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly client: MlopsClient;
  /** A temp directory of the test's own, removed on stop. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts the platform; `rateLimit` is the http plugin's per-IP limit, when a test wants one. */
export async function startPlatform(
  options: { readonly rateLimit?: { requestsPerSecond: number; burst: number } } = {},
): Promise<Platform> {
  const dir = await mkdtemp(join(tmpdir(), 'mlops-client-'));
  const kernel = createKernel({
    logLevel: 'silent',
    plugins: [
      storeSqlPlugin({ url: `sqlite:${join(dir, 'store.db')}` }),
      storageFsPlugin({ root: join(dir, 'blobs') }),
      httpPlugin({
        port: 0,
        accessLog: false,
        ...(options.rateLimit === undefined ? {} : { rateLimit: { perIp: options.rateLimit } }),
      }),
      trackingPlugin(),
      registryPlugin(),
    ],
  });
  await kernel.start();
  const url = kernel.get(HttpServer).url;
  if (url === undefined) throw new Error('the http plugin did not listen');
  return {
    kernel,
    url,
    client: createClient({ baseUrl: url, retries: { baseDelayMs: 10 } }),
    dir,
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
