import { InvalidArgumentError, type ModelVersionRef } from '@mlops/plugin-api';

/**
 * Checks a model version reference.
 * @throws InvalidArgumentError naming `model` (1 to 256 characters, not `.` or `..`) or `version`
 * (an integer from 1).
 */
export function validateModelVersion(ref: ModelVersionRef): void {
  validateModelName(ref.model);
  if (!Number.isInteger(ref.version) || ref.version < 1) {
    throw new InvalidArgumentError(`version must be an integer from 1, got ${JSON.stringify(ref.version)}`, {
      field: 'version',
      reason: 'out_of_range',
    });
  }
}

/** @throws InvalidArgumentError naming `model`. */
export function validateModelName(model: string): void {
  if (
    typeof model !== 'string' ||
    model.length === 0 ||
    model.length > 256 ||
    model === '.' ||
    model === '..'
  ) {
    throw new InvalidArgumentError(
      `model must be a name of 1 to 256 characters, got ${JSON.stringify(model)}`,
      {
        field: 'model',
        reason: 'invalid',
      },
    );
  }
}

/** @throws InvalidArgumentError naming `name`: letters, digits, `_`, `.`, `-`, 1 to 128 of them. */
export function validateDetectorName(name: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(name)) {
    throw new InvalidArgumentError(
      `name must be 1 to 128 letters, digits, "_", "." or "-", got ${JSON.stringify(name)}`,
      { field: 'name', reason: 'invalid' },
    );
  }
}
