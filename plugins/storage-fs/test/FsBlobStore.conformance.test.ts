import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBlobStoreConformance } from '@mlops/plugin-api/testing';
import { openFsStorage } from '../src/index.js';
import { StorageLayout } from '../src/StorageLayout.js';

describeBlobStoreConformance('storage-fs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'storage-fs-conformance-'));
  const { store } = await openFsStorage({ root, fsync: true });
  const layout = new StorageLayout(store.root);
  return {
    store,
    close: () => rm(root, { recursive: true, force: true }),
    // Flips one byte in the middle of the stored bytes (not of the trailer after them).
    async corrupt(key) {
      const { size } = await store.head(key);
      const file = await open(layout.objectPath(key), 'r+');
      try {
        const at = size >> 1;
        const byte = Buffer.alloc(1);
        await file.read(byte, 0, 1, at);
        byte[0] = (byte[0] as number) ^ 0xff;
        await file.write(byte, 0, 1, at);
      } finally {
        await file.close();
      }
    },
  };
});
