import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type ArtifactEntry,
  type CallContext,
  FailedPreconditionError,
  InvalidArgumentError,
  type LoggedModels,
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
const loggedModelUri = /^models:\/(m-[0-9a-f]{32})\/?(.*)$/;
const proxyModelUri = /^mlflow-artifacts:\/(?:.*\/)?models\/(m-[0-9a-f]{32})\/artifacts\/?(.*)$/;

/** An artifact folder (a run's, a logged model's) as the file walker reads it. */
interface ArtifactFolder {
  list(dir: string | undefined): Promise<ArtifactEntry[]>;
  open(path: string): Promise<Readable>;
}

/**
 * The files a model version's `source` names: `runs:/<run id>/<path>` or
 * `mlflow-artifacts:/<experiment>/<run id>/artifacts/<path>` through the Tracking port, an MLflow 3
 * logged model (`models:/<model id>[/<path>]` or `mlflow-artifacts:/<experiment>/models/<model
 * id>/artifacts/<path>`) through the LoggedModels port, or a local directory (`file:///...` or an
 * absolute path).
 * @throws InvalidArgumentError (field `source`) for another kind of URI; FailedPreconditionError
 * when a run's or logged model's artifacts are named and the port to read them is not configured.
 */
export function modelFilesOf(
  source: string,
  tracking: Tracking | undefined,
  call: CallContext,
  loggedModels?: LoggedModels,
): ModelFiles {
  const model = loggedModelUri.exec(source) ?? proxyModelUri.exec(source);
  if (model !== null) {
    if (loggedModels === undefined) {
      throw new FailedPreconditionError(
        `model source "${source}" is a logged model's artifacts, and no LoggedModels provider (the tracking plugin) is configured to read them`,
        { field: 'source', reason: 'no_logged_models' },
      );
    }
    const id = model[1]!;
    return artifactFiles(
      source,
      {
        list: (dir) => loggedModels.listModelArtifacts(id, dir, call),
        open: (path) => loggedModels.openModelArtifact(id, path, call),
      },
      model[2]!.replace(/\/$/, ''),
    );
  }
  const run = runsUri.exec(source) ?? proxyUri.exec(source);
  if (run !== null) {
    if (tracking === undefined) {
      throw new FailedPreconditionError(
        `model source "${source}" is a run's artifacts, and no Tracking plugin is configured to read them`,
        { field: 'source', reason: 'no_tracking' },
      );
    }
    const runId = run[1]!;
    return artifactFiles(
      source,
      {
        list: (dir) => tracking.listArtifacts(runId, dir, call),
        open: (path) => tracking.openArtifact(runId, path, call),
      },
      run[2]!.replace(/\/$/, ''),
    );
  }
  if (source.startsWith('file://')) return localFiles(source, fileURLToPath(source));
  if (source.startsWith('/')) return localFiles(source, source);
  throw new InvalidArgumentError(
    `model source "${source}" is not supported by the BentoML backend (expected runs:/, models:/<logged model id>, mlflow-artifacts:/, file:// or an absolute path)`,
    { field: 'source', reason: 'unsupported_source' },
  );
}

function artifactFiles(source: string, folder: ArtifactFolder, root: string): ModelFiles {
  const under = (path: string) => (root === '' ? path : `${root}/${path}`);
  return {
    source,
    async list() {
      const files: string[] = [];
      const walk = async (dir: string | undefined): Promise<void> => {
        for (const entry of await folder.list(dir)) {
          if (entry.isDir) await walk(entry.path);
          else files.push(root === '' ? entry.path : entry.path.slice(root.length + 1));
        }
      };
      await walk(root === '' ? undefined : root);
      return files.sort();
    },
    async read(path) {
      const chunks: Buffer[] = [];
      for await (const chunk of await folder.open(under(path))) chunks.push(chunk as Buffer);
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
