import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CallContext,
  FailedPreconditionError,
  InvalidArgumentError,
  type Tracking,
} from '@mlops/plugin-api';

/** The files of one model directory (an MLflow model: `MLmodel` and what it names). */
export interface ModelFiles {
  /** Where they come from, for messages. */
  readonly source: string;
  /** Every file, relative to the model directory, `/`-separated, sorted. */
  list(): Promise<string[]>;
  /** @throws NotFoundError for a path that is not there. */
  read(path: string): Promise<Buffer>;
}

const runsUri = /^runs:\/([^/]+)\/?(.*)$/;
const proxyUri = /^mlflow-artifacts:\/(?:.*\/)?([0-9a-f]{32})\/artifacts\/?(.*)$/;

/**
 * The files a model version's `source` names: `runs:/<run id>/<path>` or
 * `mlflow-artifacts:/<experiment>/<run id>/artifacts/<path>` through the Tracking port, or a local
 * directory (`file:///...` or an absolute path).
 * @throws InvalidArgumentError (field `source`) for another kind of URI; FailedPreconditionError
 * when a run's artifacts are named and no Tracking plugin is configured.
 */
export function modelFilesOf(source: string, tracking: Tracking | undefined, call: CallContext): ModelFiles {
  const run = runsUri.exec(source) ?? proxyUri.exec(source);
  if (run !== null) {
    if (tracking === undefined) {
      throw new FailedPreconditionError(
        `model source "${source}" is a run's artifacts, and no Tracking plugin is configured to read them`,
        { field: 'source', reason: 'no_tracking' },
      );
    }
    return runArtifactFiles(source, tracking, run[1]!, run[2]!.replace(/\/$/, ''), call);
  }
  if (source.startsWith('file://')) return localFiles(source, fileURLToPath(source));
  if (source.startsWith('/')) return localFiles(source, source);
  throw new InvalidArgumentError(
    `model source "${source}" is not supported by the BentoML backend (expected runs:/, mlflow-artifacts:/, file:// or an absolute path)`,
    { field: 'source', reason: 'unsupported_source' },
  );
}

function runArtifactFiles(
  source: string,
  tracking: Tracking,
  runId: string,
  root: string,
  call: CallContext,
): ModelFiles {
  const under = (path: string) => (root === '' ? path : `${root}/${path}`);
  return {
    source,
    async list() {
      const files: string[] = [];
      const walk = async (dir: string | undefined): Promise<void> => {
        for (const entry of await tracking.listArtifacts(runId, dir, call)) {
          if (entry.isDir) await walk(entry.path);
          else files.push(root === '' ? entry.path : entry.path.slice(root.length + 1));
        }
      };
      await walk(root === '' ? undefined : root);
      return files.sort();
    },
    async read(path) {
      const chunks: Buffer[] = [];
      for await (const chunk of await tracking.openArtifact(runId, under(path), call))
        chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

function localFiles(source: string, dir: string): ModelFiles {
  return {
    source,
    async list() {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
        .sort();
    },
    read: (path) => readFile(join(dir, path)),
  };
}
