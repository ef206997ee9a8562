import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageLayout } from './StorageLayout.js';
import { uploadRecordName } from './UploadRecord.js';

/**
 * Leftovers older than this are removed at start. Younger ones may belong to another process on
 * the same root, still writing (a temp file's time moves with each write).
 */
export const leftoverMaxAgeMs = 60 * 60 * 1000;

/**
 * Removes what a crash can leave behind and nothing reads: entries of `tmp/` (temp files of puts,
 * parts and completes; upload directories being removed) and upload directories without a record
 * (a crash during create), when untouched for `maxAgeMs`. Returns how many it removed.
 */
export async function sweepLeftovers(layout: StorageLayout, maxAgeMs = leftoverMaxAgeMs): Promise<number> {
  const before = Date.now() - maxAgeMs;
  let removed = 0;
  const removeIfOld = async (path: string): Promise<void> => {
    const stats = await lstat(path).catch(() => undefined);
    if (stats === undefined || stats.mtimeMs >= before) return;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  };
  for (const name of await readdir(layout.tmp)) await removeIfOld(join(layout.tmp, name));
  for (const name of await readdir(layout.uploads)) {
    const directory = join(layout.uploads, name);
    const record = await lstat(join(directory, uploadRecordName)).catch(() => undefined);
    if (record === undefined) await removeIfOld(directory);
  }
  return removed;
}
