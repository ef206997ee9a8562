import type { ModelVersionRef } from '../hooks/modelHooks.js';
import type { InferenceRequest, InferenceResponse, InferenceTensor } from '../serving/InferenceTensor.js';
import { createToken } from '../Token.js';

/** A tensor's declared name, datatype and shape (`-1` for a free dimension). */
export interface TensorSpec {
  readonly name: string;
  readonly datatype: InferenceTensor['datatype'];
  readonly shape: readonly number[];
}

/** What a backend is asked to serve: one model version of one deployment. */
export interface BackendLoadSpec {
  readonly deployment: string;
  readonly environment: string;
  readonly model: ModelVersionRef;
  /** The version's artifact location as the registry records it (`runs:/...`, `mlflow-artifacts:/...`). */
  readonly source: string;
  /** The backend's options from the deployment, validated by the backend. */
  readonly options: Record<string, unknown>;
}

/** A model version loaded by a backend, ready (or getting ready) to predict. */
export interface LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Hex sha256 of the model file the backend read, recorded with the deployment's revision. */
  readonly artifactSha256?: string;
  /** True once the model answers predictions (loaded and warmed up, or the remote service ready). */
  ready(): Promise<boolean>;
  /** @throws InvalidArgumentError naming the input for a bad tensor; UnavailableError when a remote is down. */
  predict(request: InferenceRequest): Promise<InferenceResponse>;
  /** Prometheus text of a remote service's own metrics, to expose beside ours; absent for in-process models. */
  scrapeMetrics?(): Promise<string>;
  /** Releases the model (after its traffic drained). */
  unload(): Promise<void>;
}

/**
 * Where a deployment's model runs: in-process (plugins/serving's ONNX runtime) or elsewhere
 * (plugins/serving-bentoml). The serving plugin picks a backend by `name` from the deployment.
 */
export interface ServingBackend {
  /** `onnx`, `bentoml`, ... as deployments name it. */
  readonly name: string;
  /** JSON Schema of the options a deployment gives this backend. */
  readonly optionsSchema?: Record<string, unknown>;
  /** Loads a model version; resolves when it is loaded (it may still be warming up: see `ready`). */
  load(spec: BackendLoadSpec): Promise<LoadedModel>;
}

/** Deployment backends for plugins/serving; many may be configured. */
export const ServingBackend = createToken<ServingBackend>({
  id: 'serving.backend',
  description: 'where deployed models run (in-process ONNX, BentoML)',
  cardinality: 'many',
});
