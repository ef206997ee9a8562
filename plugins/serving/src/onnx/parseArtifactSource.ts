import { InvalidArgumentError } from '@mlops/plugin-api';

/** A model source inside a tracking run's artifacts. */
export interface RunArtifactSource {
  readonly runId: string;
  /** Relative to the run's artifact root, without a trailing `/`; `''` for the root. */
  readonly path: string;
  /**
   * For `mlflow-artifacts:` sources, the run's artifact URI the source must lie under
   * (`mlflow-artifacts:/<experiment>/<run>/artifacts`), checked against the run.
   */
  readonly expectedArtifactUri?: string;
}

const runsUri = /^runs:\/([^/]+)(?:\/(.*))?$/;
const proxyUri = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+?)\/([0-9a-f]{32})\/artifacts(?:\/(.*))?$/;

/**
 * Where a registered version's files are, from its `source`: `runs:/<run id>/<path>` (as
 * `mlflow.register_model` takes it) or `mlflow-artifacts:/<experiment>/<run id>/artifacts/<path>`
 * (as MLflow clients record it after logging through the artifact proxy).
 * @throws InvalidArgumentError naming `source` for any other scheme or a path with `.`/`..` segments.
 */
export function parseArtifactSource(source: string): RunArtifactSource {
  const runs = runsUri.exec(source);
  const proxy = runs === null ? proxyUri.exec(source) : null;
  if (runs === null && proxy === null) {
    throw new InvalidArgumentError(
      `model source "${source}" is not servable: expected runs:/<run id>/<path> or mlflow-artifacts:/<experiment>/<run id>/artifacts/<path>`,
      { field: 'source', reason: 'unsupported_source' },
    );
  }
  const path = ((runs?.[2] ?? proxy?.[3]) || '').replace(/\/+$/, '');
  if (
    path.split('/').some((segment) => segment === '.' || segment === '..' || (segment === '' && path !== ''))
  ) {
    throw new InvalidArgumentError(`model source "${source}" has an unsafe path`, {
      field: 'source',
      reason: 'unsafe_source',
    });
  }
  if (runs !== null) return { runId: runs[1]!, path };
  const [, location, runId] = proxy!;
  return { runId: runId!, path, expectedArtifactUri: `mlflow-artifacts:/${location}/${runId}/artifacts` };
}
