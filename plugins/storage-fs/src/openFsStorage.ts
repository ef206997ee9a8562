import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FailedPreconditionError } from '@mlops/plugin-api';
import { FsBlobStore } from './FsBlobStore.js';
import { FsMultipartUploads } from './FsMultipartUploads.js';
import { StorageLayout } from './StorageLayout.js';
import { sweepLeftovers } from './sweepLeftovers.js';

/** A store on a root directory, ready to use. */
export interface FsStorage {
  /** The BlobStore port on the root. */
  readonly store: FsBlobStore;
  /** The BlobMultipartUploads port, committing into `store`. */
  readonly uploads: FsMultipartUploads;
  /** Leftovers of earlier crashes removed while opening. */
  readonly swept: number;
}

/**
 * Opens the store on `root` (relative to the working directory): makes the root and its
 * `objects/`, `tmp/` and `uploads/` directories when missing, checks that it can write there, and
 * removes leftovers of crashes older than an hour.
 * @throws FailedPreconditionError with `details.field` `root` when the root cannot be made or written.
 * @example
 * const { store } = await openFsStorage({ root: '/var/lib/mlops/artifacts', fsync: true });
 * await store.put('models/churn/1/model.onnx', createReadStream('model.onnx'));
 */
export async function openFsStorage(options: { root: string; fsync: boolean }): Promise<FsStorage> {
  const layout = new StorageLayout(resolve(options.root));
  let swept: number;
  try {
    for (const directory of [layout.objects, layout.tmp, layout.uploads])
      await mkdir(directory, { recursive: true });
    const probe = layout.tempPath('probe');
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe);
    swept = await sweepLeftovers(layout);
  } catch (err) {
    throw new FailedPreconditionError(
      `storage root "${layout.root}" cannot be used: ${(err as Error).message}`,
      { field: 'root' },
      { cause: err },
    );
  }
  return {
    store: new FsBlobStore(layout, options.fsync),
    uploads: new FsMultipartUploads(layout, options.fsync),
    swept,
  };
}
