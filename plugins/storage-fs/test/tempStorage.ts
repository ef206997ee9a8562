import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type FsStorage, openFsStorage } from '../src/index.js';
import { StorageLayout } from '../src/StorageLayout.js';

/** A store on a fresh temp directory, with its layout, and a way to remove it all. */
export interface TempStorage extends FsStorage {
  readonly root: string;
  readonly layout: StorageLayout;
  remove(): Promise<void>;
}

/** Opens a store on a new directory under the OS temp dir. */
export async function tempStorage(fsync = false): Promise<TempStorage> {
  const root = await mkdtemp(join(tmpdir(), 'storage-fs-'));
  const storage = await openFsStorage({ root, fsync });
  return {
    ...storage,
    root,
    layout: new StorageLayout(root),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Every file under `directory`, as paths relative to it, sorted. */
export async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}
