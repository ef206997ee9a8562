import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './syncDirectory.js';

/** Retries of a rename whose directory a concurrent delete pruned between mkdir and rename. */
const renameAttempts = 5;

/**
 * Commits a finished file by renaming it from `tmp/` to `finalPath`, replacing any file there:
 * readers see the old file or the new one, whole. Missing directories are made first. With
 * `fsync`, the new directories are flushed before the rename and the file's directory after it.
 * On failure the temp file is removed.
 */
export async function commitBlobFile(tempPath: string, finalPath: string, fsync: boolean): Promise<void> {
  const directory = dirname(finalPath);
  try {
    for (let attempt = 1; ; attempt++) {
      const created = await mkdir(directory, { recursive: true });
      if (fsync && created !== undefined) await syncNewDirectories(created, directory);
      try {
        await rename(tempPath, finalPath);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === renameAttempts) throw err;
      }
    }
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
  if (fsync) await syncDirectory(directory);
}

/** Flushes the parent of `first` (the topmost directory mkdir made) and every new one down to `last`. */
async function syncNewDirectories(first: string, last: string): Promise<void> {
  await syncDirectory(dirname(first));
  for (let at = last; at.length >= first.length; at = dirname(at)) await syncDirectory(at);
}
