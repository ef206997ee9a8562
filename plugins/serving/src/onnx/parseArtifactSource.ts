import { InvalidArgumentError } from '@mlops/plugin-api';

/** Where a model source's files are: inside a tracking run's artifacts, or a logged model's (MLflow 3). */
export interface ArtifactSource {
  readonly owner: 'run' | 'loggedModel';
  /** The run id, or the logged model id (`m-...`). */
  readonly id: string;
  /** Relative to the owner's artifact root, without a trailing `/`; `''` for the root. */
  readonly path: string;
  /**
   * For `mlflow-artifacts:` sources, the owner's artifact URI the source must lie under
   * (`mlflow-artifacts:/<experiment>/<run>/artifacts`, `.../models/<id>/artifacts`), checked
   * against the run or model.
   */
  readonly expectedArtifactUri?: string;
}

/** The source forms, tried in order: the owner, its id and path groups, and whether it names an `mlflow-artifacts:` location. */
const forms: readonly { pattern: RegExp; owner: ArtifactSource['owner']; proxy: boolean }[] = [
  { pattern: /^runs:\/([^/]+)(?:\/(.*))?$/, owner: 'run', proxy: false },
  { pattern: /^models:\/(m-[0-9a-f]{32})(?:\/(.*))?$/, owner: 'loggedModel', proxy: false },
  {
    pattern: /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+?)\/models\/(m-[0-9a-f]{32})\/artifacts(?:\/(.*))?$/,
    owner: 'loggedModel',
    proxy: true,
  },
  {
    pattern: /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+?)\/([0-9a-f]{32})\/artifacts(?:\/(.*))?$/,
    owner: 'run',
    proxy: true,
  },
];

function safePath(raw: string | undefined, source: string): string {
  const path = (raw || '').replace(/\/+$/, '');
  if (
    path.split('/').some((segment) => segment === '.' || segment === '..' || (segment === '' && path !== ''))
  ) {
    throw new InvalidArgumentError(`model source "${source}" has an unsafe path`, {
      field: 'source',
      reason: 'unsafe_source',
    });
  }
  return path;
}

/**
 * Where a registered version's files are, from its `source`: `runs:/<run id>/<path>` (as
 * `mlflow.register_model` takes it), `mlflow-artifacts:/<experiment>/<run id>/artifacts/<path>`
 * (as MLflow clients record it after logging through the artifact proxy), or an MLflow 3 logged
 * model: `models:/<model id>[/<path>]` or `mlflow-artifacts:/<experiment>/models/<model id>/artifacts/<path>`.
 * @throws InvalidArgumentError naming `source` for any other form or a path with `.`/`..` segments.
 */
export function parseArtifactSource(source: string): ArtifactSource {
  for (const { pattern, owner, proxy } of forms) {
    const match = pattern.exec(source);
    if (match === null) continue;
    if (!proxy) return { owner, id: match[1]!, path: safePath(match[2], source) };
    const [, location, id, path] = match;
    const root = owner === 'run' ? `${id}/artifacts` : `models/${id}/artifacts`;
    return {
      owner,
      id: id!,
      path: safePath(path, source),
      expectedArtifactUri: `mlflow-artifacts:/${location}/${root}`,
    };
  }
  throw new InvalidArgumentError(
    `model source "${source}" is not servable: expected runs:/<run id>/<path>, models:/<logged model id>, or an mlflow-artifacts: URI of a run's or a logged model's artifacts`,
    { field: 'source', reason: 'unsupported_source' },
  );
}
