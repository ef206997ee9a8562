import { InvalidArgumentError, type ModelVersionRef } from '@mlops/plugin-api';
import { validateModelName } from './validateModelName.js';

/**
 * Checks a version reference: a valid model name and a positive integer version.
 * @throws InvalidArgumentError naming `model` or `version`.
 */
export function validateRef(ref: unknown): ModelVersionRef {
  if (typeof ref !== 'object' || ref === null) {
    throw new InvalidArgumentError('ref must be { model, version }', { field: 'ref' });
  }
  const { model, version } = ref as { model?: unknown; version?: unknown };
  validateModelName(model, 'model');
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidArgumentError(`version must be a positive integer, got ${JSON.stringify(version)}`, {
      field: 'version',
    });
  }
  return { model: model as string, version };
}

/** `churn/3`: how messages name a version. */
export function refText(ref: ModelVersionRef): string {
  return `${ref.model}/${ref.version}`;
}
