import type { BlobStore } from '@mlops/plugin-api';

/** Every key under `prefix`, following the store's pages. */
export async function listBlobKeys(blobs: BlobStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await blobs.list({ prefix, ...(pageToken === undefined ? {} : { pageToken }) });
    for (const item of page.items) keys.push(item.key);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return keys;
}
