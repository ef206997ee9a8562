import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginInstance } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { type DriftOptions, driftPlugin } from '../src/index.js';

/** A temp directory holding a SQLite file and a blob store, so that kernels can restart on it. */
export interface MonitoringHome {
  readonly dir: string;
  start(options?: Partial<DriftOptions>, extra?: readonly PluginInstance[]): Promise<TestKernel>;
  remove(): Promise<void>;
}

/** Creates a home; each `start` runs store-sql, storage-fs, `extra` plugins, then drift, on it. */
export async function monitoringHome(): Promise<MonitoringHome> {
  const dir = await mkdtemp(join(tmpdir(), 'drift-plugin-'));
  return {
    dir,
    start: (options = {}, extra = []) =>
      createTestKernel({
        plugins: [
          storeSqlPlugin({ url: `sqlite:${join(dir, 'mlops.db')}` }),
          storageFsPlugin({ root: join(dir, 'blobs'), fsync: false }),
          ...extra,
          driftPlugin(options),
        ],
      }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
