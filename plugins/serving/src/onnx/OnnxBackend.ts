import {
  type BackendLoadSpec,
  FailedPreconditionError,
  type LoadedModel,
  type LoggedModels,
  type ServingBackend,
  systemCall,
  type Tracking,
} from '@mlops/plugin-api';
import { OnnxModel, type OnnxModelOptions } from './OnnxModel.js';
import { readModelArtifact } from './readModelArtifact.js';

/** JSON Schema of the `onnx` backend's options (a deployment's `backendOptions`). */
export const onnxOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    intraOpThreads: { type: 'integer', minimum: 1, maximum: 64, default: 1 },
    warmupRuns: { type: 'integer', minimum: 0, maximum: 100, default: 1 },
  },
} as const;

/** A loaded ONNX model and the sha256 of the file it came from. */
export interface LoadedOnnxModel extends LoadedModel {
  readonly artifactSha256: string;
}

/**
 * The in-process backend, `onnx`: reads a version's ONNX file from its run's artifacts (through the
 * Tracking port, so from the BlobStore with its sha256 checked), opens an onnxruntime CPU session,
 * reads the signature from it and warms it up before answering.
 */
export class OnnxBackend implements ServingBackend {
  readonly name = 'onnx';
  readonly optionsSchema = onnxOptionsSchema;

  /** The ports are looked up at load, as the tracking plugin may be configured or not. */
  constructor(
    private readonly tracking: () => Tracking | undefined,
    private readonly loggedModels: () => LoggedModels | undefined = () => undefined,
  ) {}

  /**
   * @throws FailedPreconditionError without a Tracking plugin, or for a source holding no ONNX
   * model; InvalidArgumentError (field `source`) for an unservable source or model; NotFoundError;
   * DataLossError when the file does not match its recorded sha256.
   */
  async load(spec: BackendLoadSpec): Promise<LoadedOnnxModel> {
    const tracking = this.tracking();
    if (tracking === undefined) {
      throw new FailedPreconditionError(
        'the onnx backend reads models from run artifacts, and no Tracking plugin is configured',
        { reason: 'no_tracking' },
      );
    }
    const artifact = await readModelArtifact(
      { tracking, loggedModels: this.loggedModels() },
      spec.source,
      systemCall(`serving:${spec.deployment}`),
    );
    const options: OnnxModelOptions = {
      intraOpThreads: Number(spec.options.intraOpThreads ?? 1),
      warmupRuns: Number(spec.options.warmupRuns ?? 1),
    };
    const model = await OnnxModel.open(
      artifact.bytes,
      { model: spec.model.model, version: String(spec.model.version) },
      options,
    );
    return Object.assign(model, { artifactSha256: artifact.sha256 });
  }
}
