import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { type CallContext, FailedPreconditionError, NotFoundError, type Tracking } from '@mlops/plugin-api';
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

/**
 * Reads the ONNX model a registered version's `source` points at, from the run's artifacts in the
 * BlobStore (whose whole reads are checked against the sha256 recorded at write: a corrupt file
 * fails with DataLossError): the `.onnx` file itself, or an MLflow model directory whose `MLmodel`
 * has an `onnx` flavour.
 * @throws InvalidArgumentError for a source that is not in a run; NotFoundError for a missing run
 * or file; FailedPreconditionError for a directory that holds no ONNX model; DataLossError.
 */
export async function readModelArtifact(
  tracking: Tracking,
  source: string,
  call: CallContext,
): Promise<ModelArtifact> {
  const { runId, path, expectedArtifactUri } = parseArtifactSource(source);
  if (expectedArtifactUri !== undefined) {
    const run = await tracking.getRun(runId, call);
    if (run.info.artifactUri !== expectedArtifactUri) {
      throw new NotFoundError(
        `model source "${source}" is not inside run ${runId}'s artifacts, which are at ${run.info.artifactUri}`,
        { field: 'source', reason: 'no_run' },
      );
    }
  }
  const file = path.endsWith('.onnx') ? path : await findModelFile(tracking, runId, path, source, call);
  const bytes = await readWhole(await tracking.openArtifact(runId, file, call));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), path: file };
}

async function findModelFile(
  tracking: Tracking,
  runId: string,
  path: string,
  source: string,
  call: CallContext,
): Promise<string> {
  const entries = await tracking.listArtifacts(runId, path === '' ? undefined : path, call);
  const prefix = path === '' ? '' : `${path}/`;
  if (entries.length === 0) {
    if (path === '') throw new NotFoundError(`run ${runId} has no artifacts`, { field: 'source' });
    return path;
  }
  if (entries.some((e) => !e.isDir && e.path === `${prefix}MLmodel`)) {
    const mlmodel = await readWhole(await tracking.openArtifact(runId, `${prefix}MLmodel`, call));
    return prefix + onnxFileOf(mlmodel.toString('utf8'), `model source "${source}"`);
  }
  const onnxFiles = entries.filter((e) => !e.isDir && e.path.endsWith('.onnx'));
  if (onnxFiles.length === 1) return onnxFiles[0]!.path;
  throw new FailedPreconditionError(
    `model source "${source}" holds no MLmodel file and ${onnxFiles.length === 0 ? 'no' : 'more than one'} .onnx file`,
    { field: 'source', reason: 'no_model_file' },
  );
}
