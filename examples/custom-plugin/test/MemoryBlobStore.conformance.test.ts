import { describeBlobStoreConformance } from '@mlops/plugin-api/testing';
import { defaultMaxBytes, type MemoryBlob, MemoryBlobStore } from '../src/index.js';

describeBlobStoreConformance('MemoryBlobStore', async () => {
  const objects = new Map<string, MemoryBlob>();
  return {
    store: new MemoryBlobStore({ maxBytes: defaultMaxBytes }, objects),
    async corrupt(key) {
      const blob = objects.get(key);
      if (blob === undefined) throw new Error(`cannot corrupt "${key}": it is not stored`);
      const at = blob.bytes.length >> 1;
      blob.bytes.writeUInt8(blob.bytes.readUInt8(at) ^ 0xff, at);
    },
  };
});
