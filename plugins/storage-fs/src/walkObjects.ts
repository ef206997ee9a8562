import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openBlobFile } from './openBlobFile.js';
import type { StorageLayout } from './StorageLayout.js';
import { directoryName, hashOfSegment, parseEntryName } from './segmentName.js';

/** An object found by {@link walkObjects}: its key and the path of its file. */
export interface FoundObject {
  readonly key: string;
  readonly path: string;
}

/** Which keys a walk yields: those starting with `prefix` and, when given, greater than `after`. */
export interface WalkRange {
  readonly prefix: string;
  readonly after?: string;
}

interface Child {
  /** The key of an object; for a directory, the prefix its keys share, ending with `/`. */
  readonly at: string;
  readonly path: string;
  readonly kind: 'object' | 'directory';
}

/**
 * The objects in `range`, in ascending key order (JS string order: UTF-16 code units). A directory
 * is read only when its keys can be in range, and its entries are sorted by key, with a directory
 * of segment `s` sorted as `s/`: every key beneath it starts so, which makes a depth-first walk
 * come out in exact key order across directories. Temp files live outside `objects/` and names
 * this store did not make are skipped, so neither can show up.
 */
export async function* walkObjects(layout: StorageLayout, range: WalkRange): AsyncGenerator<FoundObject> {
  // The prefix's complete segments name one directory: start there instead of at the top.
  const complete = range.prefix.split('/').slice(0, -1);
  if (complete.some((segment) => segment === '' || segment === '..')) return;
  const start = join(layout.objects, ...complete.map(directoryName));
  yield* walkDirectory(start, complete.map((segment) => `${segment}/`).join(''), range);
}

async function* walkDirectory(path: string, at: string, range: WalkRange): AsyncGenerator<FoundObject> {
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw err;
  }
  const children: Child[] = [];
  for (const entry of entries) {
    const child = await childOf(entry, path, at);
    if (child !== undefined && inRange(child, range)) children.push(child);
  }
  children.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const child of children) {
    if (child.kind === 'object') yield { key: child.at, path: child.path };
    else yield* walkDirectory(child.path, child.at, range);
  }
}

async function childOf(entry: Dirent, directory: string, at: string): Promise<Child | undefined> {
  const parsed = parseEntryName(entry.name);
  if (parsed === undefined) return undefined;
  if (parsed.kind === 'object' ? !entry.isFile() : !entry.isDirectory()) return undefined;
  const path = join(directory, entry.name);
  const segment = parsed.segment ?? (await hashedSegment(path, parsed.kind, at, parsed.hash as string));
  if (segment === undefined) return undefined;
  return { kind: parsed.kind, path, at: parsed.kind === 'object' ? at + segment : `${at}${segment}/` };
}

function inRange(child: Child, { prefix, after }: WalkRange): boolean {
  if (child.kind === 'object')
    return child.at.startsWith(prefix) && (after === undefined || child.at > after);
  const overlaps = child.at.startsWith(prefix) || prefix.startsWith(child.at);
  return overlaps && (after === undefined || child.at > after || after.startsWith(child.at));
}

/**
 * The segment a hashed name stands for, read from the key of an object file: the file itself, or
 * the first one found beneath the directory (which holds no key when it holds no object, and is
 * then skipped).
 */
async function hashedSegment(
  path: string,
  kind: 'object' | 'directory',
  at: string,
  hash: string,
): Promise<string | undefined> {
  const file = kind === 'object' ? path : await anyObjectBeneath(path);
  if (file === undefined) return undefined;
  const opened = await openBlobFile(file, `the file ${file}`);
  if (opened === undefined) return undefined;
  await opened.handle.close();
  const key = opened.meta.key;
  if (key === undefined || !key.startsWith(at)) return undefined;
  const segment = key.slice(at.length).split('/')[0] as string;
  return hashOfSegment(segment) === hash ? segment : undefined;
}

async function anyObjectBeneath(directory: string): Promise<string | undefined> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const parsed = parseEntryName(entry.name);
    const path = join(directory, entry.name);
    if (parsed?.kind === 'object' && entry.isFile()) return path;
    if (parsed?.kind === 'directory' && entry.isDirectory()) {
      const found = await anyObjectBeneath(path);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
