import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ByteMeter } from './ByteMeter.js';
import { ProgressBar } from './ProgressBar.js';
import type { Remote } from './remoteCommand.js';

/** What a download saved. */
export interface SavedArtifact {
  /** The artifact's path in the run. */
  readonly path: string;
  /** The local file written. */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The artifact's size from its directory's listing, for a progress bar's total. */
async function sizeOf(remote: Remote, runId: string, path: string): Promise<number | undefined> {
  const dir = posix.dirname(path);
  const entries = await remote.client.artifacts.list(runId, dir === '.' ? undefined : dir);
  return entries.find((e) => e.path === path)?.size;
}

/**
 * Streams an artifact of a run into a local file (written under a temporary name, then renamed,
 * so a failed download leaves no partial file), with a progress bar on a terminal.
 * @throws NotFoundError (the run or the artifact)
 */
export async function downloadArtifact(
  remote: Remote,
  runId: string,
  path: string,
  destination: string | undefined,
): Promise<SavedArtifact> {
  const name = basename(path);
  let file = resolve(remote.io.cwd, destination ?? name);
  if (destination !== undefined && (await stat(file).catch(() => undefined))?.isDirectory()) {
    file = join(file, name);
  }
  const total = remote.io.terminal === undefined ? undefined : await sizeOf(remote, runId, path);
  const body = await remote.client.artifacts.download(runId, path);
  const progress = ProgressBar.for(remote.io, `download ${path}`, total);
  const meter = new ByteMeter(progress);
  const partial = `${file}.partial-${process.pid}`;
  try {
    await pipeline(meter.through(body), createWriteStream(partial));
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    progress?.end();
  }
  return { path, file, bytes: meter.bytes, sha256: meter.sha256() };
}
