import { open } from 'node:fs/promises';

/** Flushes a directory's entries to disk, so that a rename or unlink in it survives a power cut. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
