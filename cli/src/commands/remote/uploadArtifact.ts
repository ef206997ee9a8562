import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ArtifactEntry } from '@mlops/client';
import { InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import { ByteMeter } from './ByteMeter.js';
import { ProgressBar } from './ProgressBar.js';
import type { Remote } from './remoteCommand.js';

/**
 * Streams a local file to `artifactPath` of a run (its name when absent; a path ending in `/`
 * gets the name appended), with a progress bar on a terminal.
 * @throws NotFoundError (the file, or the run), InvalidArgumentError (a directory, a bad path)
 */
export async function uploadArtifact(
  remote: Remote,
  runId: string,
  file: string,
  artifactPath: string | undefined,
): Promise<{ entry: ArtifactEntry; sha256: string }> {
  const local = resolve(remote.io.cwd, file);
  const info = await stat(local).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new NotFoundError(`file "${file}" does not exist`, { field: 'file' });
    throw err;
  });
  if (!info.isFile()) {
    throw new InvalidArgumentError(`"${file}" is not a file: upload files one at a time`, { field: 'file' });
  }
  const target =
    artifactPath === undefined
      ? basename(local)
      : artifactPath.endsWith('/')
        ? `${artifactPath}${basename(local)}`
        : artifactPath;
  const progress = ProgressBar.for(remote.io, `upload ${target}`, info.size);
  const meter = new ByteMeter(progress);
  try {
    const entry = await remote.client.artifacts.upload(runId, target, meter.through(createReadStream(local)));
    return { entry, sha256: meter.sha256() };
  } finally {
    progress?.end();
  }
}
