import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@mlops/core';
import { HttpServer } from '@mlops/plugin-api';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';

/** The platform on 127.0.0.1 (SQLite file, blobs in a temp dir, tracking and registry). */
export async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mlops-training-test-'));
  const kernel = createKernel({
    logLevel: 'silent',
    plugins: [
      storeSqlPlugin({ url: `sqlite:${join(dir, 'store.db')}` }),
      storageFsPlugin({ root: join(dir, 'blobs') }),
      httpPlugin({ port: 0, accessLog: false }),
      trackingPlugin(),
      registryPlugin(),
    ],
  });
  await kernel.start();
  const url = kernel.get(HttpServer).url;
  if (url === undefined) throw new Error('the http plugin did not listen');
  return {
    url,
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
