import { BeforeModelTransition, BlobStore, definePlugin, ModelVersionCreated } from '@mlops/plugin-api';
import { artifactGuard } from './artifactGuard.js';
import { MemoryBlobStore } from './MemoryBlobStore.js';
import { type MemoryBlobStoreOptions, memoryBlobStoreOptionsSchema } from './options.js';
import { recordModelVersion } from './recordModelVersion.js';
import { SeenVersions } from './SeenVersions.js';

/**
 * An in-memory BlobStore, a ModelVersionCreated listener that logs and counts new versions, and
 * an artifact guard that vetoes a promotion to Production whose `blob:<key>` artifact is missing.
 * @example
 * export default defineConfig({ plugins: [memoryBlobStorePlugin({ maxBytes: 16 * 1024 * 1024 })] });
 */
export const memoryBlobStorePlugin = definePlugin<MemoryBlobStoreOptions>({
  name: 'mlops-plugin-memory-blobstore',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'in-memory BlobStore with an artifact guard on promotions to Production',
  provides: [BlobStore],
  configSchema: memoryBlobStoreOptionsSchema,
  setup(ctx) {
    const store = new MemoryBlobStore(ctx.options);
    ctx.provide(BlobStore, store);
    const seen = new SeenVersions();
    ctx.hooks.on(ModelVersionCreated, recordModelVersion(seen, ctx.logger));
    ctx.hooks.intercept(BeforeModelTransition, artifactGuard(store, seen));
  },
});
