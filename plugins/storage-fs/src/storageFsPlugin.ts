import { BlobMultipartUploads, BlobStore, definePlugin } from '@mlops/plugin-api';
import { openFsStorage } from './openFsStorage.js';
import { type StorageFsOptions, storageFsOptionsSchema } from './options.js';

/**
 * The default artifact store: BlobStore and BlobMultipartUploads on a local directory, streamed
 * both ways, each write committed by one rename, every full read checked against its sha256.
 * The directory is made and leftovers of old crashes removed in setup.
 * @throws FailedPreconditionError (through the kernel's setup error) when the root cannot be used.
 * @example
 * export default defineConfig({ plugins: [storageFsPlugin({ root: '/var/lib/mlops/artifacts' })] });
 */
export const storageFsPlugin = definePlugin<StorageFsOptions>({
  name: '@mlops/plugin-storage-fs',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'BlobStore and BlobMultipartUploads on the local disk',
  provides: [BlobStore, BlobMultipartUploads],
  configSchema: storageFsOptionsSchema,
  async setup(ctx) {
    const { store, uploads, swept } = await openFsStorage(ctx.options);
    if (swept > 0) {
      ctx.logger.info({ root: store.root, swept }, `removed ${swept} leftovers of interrupted writes`);
    }
    ctx.provide(BlobStore, store);
    ctx.provide(BlobMultipartUploads, uploads);
  },
});
