import type { Readable } from 'node:stream';
import {
  type ArtifactEntry,
  type BlobStore,
  type GetOptions,
  isMlopsError,
  NotFoundError,
} from '@mlops/plugin-api';
import { compareText } from './rows.js';

/**
 * The direct children of `path` under an artifact root (a run's or a logged model's; the root
 * itself when `path` is absent): files with their size, then directories, each sorted by path.
 * A path that names a file or nothing gives an empty list, as in MLflow.
 */
export async function listArtifactsUnder(
  blobs: BlobStore,
  root: string,
  path: string | undefined,
): Promise<ArtifactEntry[]> {
  const base = path === undefined ? '' : `${path}/`;
  const prefix = root + base;
  const files: ArtifactEntry[] = [];
  const dirs = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await blobs.list({ prefix, ...(pageToken === undefined ? {} : { pageToken }) });
    for (const item of page.items) {
      const rest = item.key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) files.push({ path: base + rest, isDir: false, size: item.size });
      else dirs.add(base + rest.slice(0, slash));
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  files.sort((x, y) => compareText(x.path, y.path));
  return [...files, ...[...dirs].sort(compareText).map((d) => ({ path: d, isDir: true }))];
}

/**
 * Streams one artifact under an artifact root, whole or a byte range.
 * @throws NotFoundError `<owner> has no artifact "<path>"` (`owner` e.g. `run <id>`).
 */
export async function openArtifactUnder(
  blobs: BlobStore,
  root: string,
  path: string,
  owner: string,
  options?: GetOptions,
): Promise<Readable> {
  try {
    return await blobs.get(root + path, options);
  } catch (err) {
    if (!isMlopsError(err, 'NotFound')) throw err;
    throw new NotFoundError(`${owner} has no artifact "${path}"`, { field: 'path' }, { cause: err });
  }
}
