import { InvalidArgumentError } from '../errors.js';

/**
 * Enforces the BlobStore key rules: a relative `/`-separated path without empty or `..`
 * segments and without NUL.
 * @throws InvalidArgumentError with `details.field` `key` and a `reason` code.
 */
export function validateBlobKey(key: string): void {
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw new InvalidArgumentError(`blob key ${JSON.stringify(key)} is invalid: ${problem[1]}`, {
      field: 'key',
      reason: problem[0],
    });
  }
}

function keyProblem(key: string): [reason: string, text: string] | undefined {
  if (typeof key !== 'string' || key === '') return ['empty', 'it is empty'];
  if (key.includes('\0')) return ['nul', 'it contains NUL'];
  if (key.startsWith('/')) return ['absolute', 'it starts with "/"; keys are relative'];
  const segments = key.split('/');
  if (segments.includes('')) return ['empty_segment', 'it has an empty segment'];
  if (segments.includes('..')) return ['dot_dot', 'it has a ".." segment'];
  return undefined;
}
