import {
  type BlobInfo,
  type BlobPage,
  decodeBlobPageToken,
  encodeBlobPageToken,
  InvalidArgumentError,
  type ListOptions,
} from '@mlops/plugin-api';
import { blobInfoOf } from './blobInfoOf.js';
import { openObject } from './openObject.js';
import type { StorageLayout } from './StorageLayout.js';
import { walkObjects } from './walkObjects.js';

/** Items per page when the caller gives no `pageSize`. */
export const defaultPageSize = 1000;

/**
 * One page of the objects under `prefix`, in ascending key order. The page token is the last key
 * listed, so the next page starts after it however the objects changed in between. An object
 * deleted while the page is read is left out.
 * @throws InvalidArgumentError for a bad `pageSize` or `pageToken`; DataLossError for an object
 * whose metadata is damaged.
 */
export async function listObjects(layout: StorageLayout, options: ListOptions): Promise<BlobPage> {
  const { prefix = '', pageSize = defaultPageSize, pageToken } = options;
  if (typeof prefix !== 'string') {
    throw new InvalidArgumentError('prefix must be a string', { field: 'prefix' });
  }
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new InvalidArgumentError(`pageSize ${String(pageSize)} must be a whole number >= 1`, {
      field: 'pageSize',
    });
  }
  const after = pageToken === undefined ? undefined : decodeBlobPageToken(pageToken);
  const items: BlobInfo[] = [];
  const walk = walkObjects(layout, after === undefined ? { prefix } : { prefix, after });
  try {
    for await (const found of walk) {
      if (items.length === pageSize) {
        return { items, nextPageToken: encodeBlobPageToken((items.at(-1) as BlobInfo).key) };
      }
      const file = await openObject(found.path, found.key);
      if (file === undefined) continue;
      await file.handle.close();
      items.push(blobInfoOf(found.key, file.meta));
    }
  } finally {
    await walk.return(undefined);
  }
  return { items };
}
