import { readFile } from 'node:fs/promises';
import { BlobStore, FailedPreconditionError, isMlopsError, NotFoundError } from '@mlops/plugin-api';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { defaultMaxBytes, MemoryBlobStore, memoryBlobStorePlugin } from '../src/index.js';

describe('memoryBlobStorePlugin', () => {
  it('is named and versioned as its package', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(memoryBlobStorePlugin.manifest.name).to.equal(pkg.name);
    expect(memoryBlobStorePlugin.manifest.version).to.equal(pkg.version);
  });

  it('provides a MemoryBlobStore with maxBytes defaulting to 64 MiB', async () => {
    const kernel = await createTestKernel({ plugins: [memoryBlobStorePlugin()] });
    try {
      expect(kernel.get(BlobStore)).to.be.instanceOf(MemoryBlobStore);
      expect(kernel.plugins[0]?.maskedOptions).to.deep.equal({ maxBytes: defaultMaxBytes });
      expect(defaultMaxBytes).to.equal(64 * 1024 * 1024);
    } finally {
      await kernel.stop();
    }
  });

  it('refuses a maxBytes below 1 and an unknown option, naming them', async () => {
    const err = await rejectionOf(
      createTestKernel({ plugins: [memoryBlobStorePlugin({ maxBytes: 0, maxbytes: 5 } as never)] }),
    );
    expect(isMlopsError(err, 'InvalidArgument')).to.equal(true);
    expect((err as { code?: string }).code).to.equal('PLUGIN_BAD_OPTIONS');
    expect((err as Error).message).to.equal(
      [
        'plugin "mlops-plugin-memory-blobstore": /maxbytes is not a known option',
        'plugin "mlops-plugin-memory-blobstore": /maxBytes must be >= 1',
      ].join('\n'),
    );
  });

  describe('maxBytes', () => {
    it('refuses a put that would take the store past maxBytes, and stores nothing', async () => {
      const kernel = await createTestKernel({ plugins: [memoryBlobStorePlugin({ maxBytes: 1024 })] });
      try {
        const store = kernel.get(BlobStore);
        await store.put('models/a.bin', Buffer.alloc(1000));
        const err = await rejectionOf(store.put('models/b.bin', Buffer.alloc(25)));
        expect(err).to.be.instanceOf(FailedPreconditionError);
        expect((err as Error).message).to.equal(
          'blob "models/b.bin" was not stored: it would take the store past maxBytes (1024 bytes)',
        );
        expect(await rejectionOf(store.head('models/b.bin'))).to.be.instanceOf(NotFoundError);
        await store.put('models/b.bin', Buffer.alloc(24));
        expect((store as MemoryBlobStore).heldBytes).to.equal(1024);
      } finally {
        await kernel.stop();
      }
    });

    it('counts an overwritten object once, and frees the bytes of a deleted one', async () => {
      const store = new MemoryBlobStore({ maxBytes: 1024 });
      await store.put('a.bin', Buffer.alloc(1000));
      await store.put('a.bin', Buffer.alloc(1024));
      expect(store.heldBytes).to.equal(1024);
      await store.delete('a.bin');
      expect(store.heldBytes).to.equal(0);
      await store.put('b.bin', Buffer.alloc(1024));
      expect(store.heldBytes).to.equal(1024);
    });

    it('stops reading a streamed body as soon as it passes maxBytes', async () => {
      const store = new MemoryBlobStore({ maxBytes: 1024 });
      let served = 0;
      async function* endless(): AsyncGenerator<Uint8Array> {
        for (;;) {
          served += 100;
          yield new Uint8Array(100);
        }
      }
      const err = await rejectionOf(store.put('endless.bin', endless()));
      expect((err as Error).message).to.equal(
        'blob "endless.bin" was not stored: it would take the store past maxBytes (1024 bytes)',
      );
      expect(served).to.equal(1100);
      expect(store.heldBytes).to.equal(0);
    });
  });
});
