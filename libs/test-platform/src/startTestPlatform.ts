import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@mlops/core';
import { HttpServer, type Kernel, type PluginInstance } from '@mlops/plugin-api';
import { type HttpOptions, httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';

/** A running platform of the tests: the embedded defaults on 127.0.0.1, in a temp directory. */
export interface TestPlatform {
  readonly kernel: Kernel;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The temp directory holding the SQLite file and the blobs; removed on stop. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Options of {@link startTestPlatform}. */
export interface TestPlatformOptions {
  /** Options of the http plugin beside `port: 0` and `accessLog: false`. */
  readonly http?: Partial<HttpOptions>;
  /** More plugins, after the defaults (e.g. auth). */
  readonly plugins?: readonly PluginInstance[];
  /** The temp directory's name prefix. */
  readonly name?: string;
}

/**
 * Starts store-sql (an SQLite file), storage-fs, http (a free port, no access log), tracking and
 * registry in-process, as `mlops serve` runs them without a config.
 * @example
 * const platform = await startTestPlatform();
 * await fetch(`${platform.url}/api/v1/experiments`);
 * await platform.stop();
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dir = await mkdtemp(join(tmpdir(), `${options.name ?? 'mlops-test'}-`));
  const kernel = createKernel({
    logLevel: 'silent',
    plugins: [
      storeSqlPlugin({ url: `sqlite:${join(dir, 'store.db')}` }),
      storageFsPlugin({ root: join(dir, 'blobs') }),
      httpPlugin({ port: 0, accessLog: false, ...options.http }),
      trackingPlugin(),
      registryPlugin(),
      ...(options.plugins ?? []),
    ],
  });
  try {
    await kernel.start();
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const url = kernel.get(HttpServer).url;
  if (url === undefined) throw new Error('the http plugin did not listen');
  return {
    kernel,
    url,
    dir,
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
