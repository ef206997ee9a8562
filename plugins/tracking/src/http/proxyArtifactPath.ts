import {
  type CallContext,
  InvalidArgumentError,
  type LoggedModels,
  NotFoundError,
  type Run,
  type Tracking,
} from '@mlops/plugin-api';

/** A path of MLflow's artifact proxy split at a run: `<location>/<run id>/artifacts/<artifact path>`. */
export interface ProxyArtifactPath {
  /** What precedes the run id: the experiment id for experiments with the default location. */
  readonly location: string;
  readonly runId: string;
  /** Relative to the run's artifact root; `''` for the root itself. */
  readonly artifactPath: string;
}

const runIdSegment = /^[0-9a-f]{32}$/;

/**
 * Refuses what MLflow's `validate_path_is_safe` refuses: `..` and `.` segments, empty segments
 * (a trailing `/` aside), absolute paths, backslashes and NUL.
 * @throws InvalidArgumentError `Invalid path: <path>`, field `path`.
 */
export function checkProxyPath(path: string): void {
  const segments = path.replace(/\/$/, '').split('/');
  const bad =
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((s) => s === '..' || s === '.' || (s === '' && path !== ''));
  if (bad) throw new InvalidArgumentError(`Invalid path: ${path}`, { field: 'path', reason: 'unsafe_path' });
}

/**
 * Splits a proxy path at its run, or undefined when it does not reach into a run's artifacts
 * (the experiment level, or another layout).
 * @throws InvalidArgumentError for an unsafe path.
 */
export function parseProxyArtifactPath(path: string): ProxyArtifactPath | undefined {
  checkProxyPath(path);
  const segments = path.replace(/\/$/, '').split('/');
  for (let i = 1; i + 1 < segments.length; i++) {
    if (runIdSegment.test(segments[i]!) && segments[i + 1] === 'artifacts') {
      return {
        location: segments.slice(0, i).join('/'),
        runId: segments[i]!,
        artifactPath: segments.slice(i + 2).join('/'),
      };
    }
  }
  return undefined;
}

/**
 * The run a proxy path reaches into, checked against the run's `artifact_uri`
 * (`mlflow-artifacts:/<location>/<run id>/artifacts`), and the artifact path within it.
 * @throws InvalidArgumentError for an unsafe path; NotFoundError for a path that names no run's
 * artifacts, or an unknown run.
 */
export async function resolveProxyArtifactPath(
  tracking: Tracking,
  path: string,
  call: CallContext,
): Promise<{ run: Run; artifactPath: string }> {
  const parsed = parseProxyArtifactPath(path);
  if (parsed === undefined) {
    throw new NotFoundError(
      `"${path}" is not inside a run's artifacts (expected <experiment id>/<run id>/artifacts/<path>)`,
      { field: 'path', reason: 'no_run' },
    );
  }
  const run = await tracking.getRun(parsed.runId, call);
  const expected = `mlflow-artifacts:/${parsed.location}/${parsed.runId}/artifacts`;
  if (run.info.artifactUri !== expected) {
    throw new NotFoundError(
      `"${path}" is not inside a run's artifacts: run ${parsed.runId} keeps them at ${run.info.artifactUri}`,
      {
        field: 'path',
        reason: 'no_run',
      },
    );
  }
  return { run, artifactPath: parsed.artifactPath };
}

/** A path of MLflow's artifact proxy into a logged model: `<location>/models/<model id>/artifacts/<path>`. */
export interface ProxyModelArtifactPath {
  readonly modelId: string;
  /** Relative to the model's artifact root; `''` for the root itself. */
  readonly artifactPath: string;
}

const modelIdSegment = /^m-[0-9a-f]{32}$/;

/**
 * The logged model a proxy path reaches into, checked against the model's `artifact_uri`, or
 * undefined when the path has no `models/<model id>/artifacts` part (a run's, or another layout).
 * @throws InvalidArgumentError for an unsafe path; NotFoundError for an unknown model, or one whose
 * artifacts are elsewhere (another experiment's path).
 */
export async function resolveProxyModelPath(
  models: LoggedModels,
  path: string,
  call: CallContext,
): Promise<ProxyModelArtifactPath | undefined> {
  checkProxyPath(path);
  const segments = path.replace(/\/$/, '').split('/');
  for (let i = 1; i + 2 < segments.length; i++) {
    // A run's artifacts come first: a run may hold a `models/<id>/artifacts` folder of its own.
    if (runIdSegment.test(segments[i]!) && segments[i + 1] === 'artifacts') return undefined;
    if (
      segments[i] === 'models' &&
      modelIdSegment.test(segments[i + 1] ?? '') &&
      segments[i + 2] === 'artifacts'
    ) {
      const modelId = segments[i + 1]!;
      const model = await models.getLoggedModel(modelId, call);
      const expected = `mlflow-artifacts:/${segments.slice(0, i).join('/')}/models/${modelId}/artifacts`;
      if (model.artifactUri !== expected) {
        throw new NotFoundError(
          `"${path}" is not inside a logged model's artifacts: model ${modelId} keeps them at ${model.artifactUri}`,
          { field: 'path', reason: 'no_model' },
        );
      }
      return { modelId, artifactPath: segments.slice(i + 3).join('/') };
    }
  }
  return undefined;
}
