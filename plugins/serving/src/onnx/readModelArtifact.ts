import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import {
  type ArtifactEntry,
  type CallContext,
  FailedPreconditionError,
  type LoggedModels,
  NotFoundError,
  type Tracking,
} from '@mlops/plugin-api';
import { parse as parseYaml } from 'yaml';
import { parseArtifactSource } from './parseArtifactSource.js';

/** The bytes of a model's `.onnx` file, read whole from the run's artifacts. */
export interface ModelArtifact {
  readonly bytes: Buffer;
  /** Hex sha256 of `bytes`. */
  readonly sha256: string;
  /** The file's path in the run's artifacts. */
  readonly path: string;
}

async function readWhole(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The ONNX file an MLmodel file names: `flavors.onnx.data`, as `mlflow.onnx.save_model` writes it. */
function onnxFileOf(mlmodel: string, where: string): string {
  let parsed: unknown;
  try {
    parsed = parseYaml(mlmodel);
  } catch (err) {
    throw new FailedPreconditionError(`${where}/MLmodel is not valid YAML: ${(err as Error).message}`, {
      field: 'source',
      reason: 'bad_mlmodel',
    });
  }
  const flavors =
    (parsed as { flavors?: Record<string, Record<string, unknown> | null> } | null)?.flavors ?? {};
  const onnx = flavors.onnx;
  if (onnx === undefined || onnx === null) {
    const names = Object.keys(flavors).join(', ') || 'none';
    throw new FailedPreconditionError(`${where} has no onnx flavour (its MLmodel lists: ${names})`, {
      field: 'source',
      reason: 'no_onnx_flavor',
    });
  }
  const file = onnx.data ?? onnx.onnx_model;
  if (
    typeof file !== 'string' ||
    file === '' ||
    posix.normalize(file).startsWith('..') ||
    file.startsWith('/')
  ) {
    throw new FailedPreconditionError(`${where}/MLmodel names no model file in flavors.onnx.data`, {
      field: 'source',
      reason: 'bad_mlmodel',
    });
  }
  return posix.normalize(file);
}

/** The artifact folder of a run or of a logged model, as the model reader walks it. */
interface ArtifactFolder {
  /** `run <id>` or `logged model <id>`, for messages. */
  readonly owner: string;
  list(path: string | undefined): Promise<ArtifactEntry[]>;
  open(path: string): Promise<Readable>;
}

/** The ports a model source is read through; a logged model source needs `loggedModels`. */
export interface ArtifactPorts {
  readonly tracking: Tracking;
  readonly loggedModels: LoggedModels | undefined;
}

async function folderOf(ports: ArtifactPorts, source: string, call: CallContext): Promise<ArtifactFolder> {
  const { owner, id, expectedArtifactUri } = parseArtifactSource(source);
  const { tracking, loggedModels } = ports;
  if (owner === 'loggedModel') {
    if (loggedModels === undefined) {
      throw new FailedPreconditionError(
        `model source "${source}" is a logged model, and no LoggedModels provider (the tracking plugin) is configured`,
        { field: 'source', reason: 'no_logged_models' },
      );
    }
    const model = await loggedModels.getLoggedModel(id, call);
    checkUnder(source, `logged model ${id}`, model.artifactUri, expectedArtifactUri);
    return {
      owner: `logged model ${id}`,
      list: (path) => loggedModels.listModelArtifacts(id, path, call),
      open: (path) => loggedModels.openModelArtifact(id, path, call),
    };
  }
  if (expectedArtifactUri !== undefined) {
    const run = await tracking.getRun(id, call);
    checkUnder(source, `run ${id}`, run.info.artifactUri, expectedArtifactUri);
  }
  return {
    owner: `run ${id}`,
    list: (path) => tracking.listArtifacts(id, path, call),
    open: (path) => tracking.openArtifact(id, path, call),
  };
}

function checkUnder(source: string, owner: string, actual: string, expected: string | undefined): void {
  if (expected !== undefined && actual !== expected) {
    throw new NotFoundError(
      `model source "${source}" is not inside ${owner}'s artifacts, which are at ${actual}`,
      {
        field: 'source',
        reason: 'no_run',
      },
    );
  }
}

/**
 * Reads the ONNX model a registered version's `source` points at, from the artifacts of a run or
 * of an MLflow 3 logged model in the BlobStore (whose whole reads are checked against the sha256
 * recorded at write: a corrupt file fails with DataLossError): the `.onnx` file itself, or an
 * MLflow model directory whose `MLmodel` has an `onnx` flavour.
 * @throws InvalidArgumentError for a source that is not in a run or logged model; NotFoundError
 * for a missing run, model or file; FailedPreconditionError for a directory that holds no ONNX
 * model; DataLossError.
 */
export async function readModelArtifact(
  ports: ArtifactPorts,
  source: string,
  call: CallContext,
): Promise<ModelArtifact> {
  const { path } = parseArtifactSource(source);
  const folder = await folderOf(ports, source, call);
  const file = path.endsWith('.onnx') ? path : await findModelFile(folder, path, source);
  const bytes = await readWhole(await folder.open(file));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), path: file };
}

async function findModelFile(folder: ArtifactFolder, path: string, source: string): Promise<string> {
  const entries = await folder.list(path === '' ? undefined : path);
  const prefix = path === '' ? '' : `${path}/`;
  if (entries.length === 0) {
    if (path === '') throw new NotFoundError(`${folder.owner} has no artifacts`, { field: 'source' });
    return path;
  }
  if (entries.some((e) => !e.isDir && e.path === `${prefix}MLmodel`)) {
    const mlmodel = await readWhole(await folder.open(`${prefix}MLmodel`));
    return prefix + onnxFileOf(mlmodel.toString('utf8'), `model source "${source}"`);
  }
  const onnxFiles = entries.filter((e) => !e.isDir && e.path.endsWith('.onnx'));
  if (onnxFiles.length === 1) return onnxFiles[0]!.path;
  throw new FailedPreconditionError(
    `model source "${source}" holds no MLmodel file and ${onnxFiles.length === 0 ? 'no' : 'more than one'} .onnx file`,
    { field: 'source', reason: 'no_model_file' },
  );
}
