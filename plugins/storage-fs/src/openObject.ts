import { DataLossError } from '@mlops/plugin-api';
import { type OpenBlobFile, openBlobFile } from './openBlobFile.js';

/**
 * Opens the object file of `key` at `path`; undefined when there is none.
 * @throws DataLossError when its trailer is damaged or names another key (a file moved by hand).
 */
export async function openObject(path: string, key: string): Promise<OpenBlobFile | undefined> {
  const file = await openBlobFile(path, `blob "${key}"`);
  if (file === undefined || file.meta.key === key) return file;
  await file.handle.close();
  throw new DataLossError(
    `blob "${key}" is corrupt: its file holds the metadata of ${JSON.stringify(file.meta.key ?? null)}`,
    { reason: 'wrong_key' },
  );
}
