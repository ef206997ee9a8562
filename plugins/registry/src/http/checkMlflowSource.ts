import { posix } from 'node:path';
import { InvalidArgumentError } from '@mlops/plugin-api';

function decodeFully(text: string): string {
  let current = text;
  for (;;) {
    let next: string;
    try {
      next = decodeURIComponent(current.replace(/\+/g, ' '));
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
}

function refuse(source: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`Invalid model version source: '${source}'. ${why}`, {
    field: 'source',
    reason: 'unsafe_source',
  });
}

/**
 * MLflow's server-side checks of a new version's `source` (`_validate_source` in its handlers),
 * which keep a client from registering files of the server's own disk: a local path (no scheme,
 * or `file:`) is refused (MLflow accepts one inside the artifact directory of a run on local
 * disk; runs here store artifacts through the server, so none is), and so is a path with
 * relative parts (`..`, `.`, NUL, also percent-encoded) or that is not absolute.
 * @throws InvalidArgumentError naming `source`, with MLflow's message.
 */
export function checkMlflowSource(source: string): void {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(source)?.[1]?.toLowerCase() ?? '';
  if (scheme === '' || scheme === 'file') {
    throw refuse(
      source,
      'To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.',
    );
  }
  const decoded = decodeFully(source);
  const afterScheme = decoded.slice(scheme.length + 1).split(/[?#]/)[0] ?? '';
  const rawPath = afterScheme.startsWith('//') ? afterScheme.slice(2).replace(/^[^/]*/, '') : afterScheme;
  const path = rawPath.replace(/\/+$/, '').replace(/\/+/g, '/');
  if (
    path.includes('\u0000') ||
    decoded.split('/').some((part) => part === '..') ||
    !path.startsWith('/') ||
    posix.normalize(path) !== path
  ) {
    throw refuse(
      source,
      'If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.',
    );
  }
}
