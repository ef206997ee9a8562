import { InvalidArgumentError } from '@mlops/plugin-api';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The fields that say what a deployment serves. */
export interface DeploymentTarget {
  readonly model: string;
  readonly alias?: string;
  readonly version?: number;
}

/** @throws InvalidArgumentError naming `name` */
export function checkDeploymentName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new InvalidArgumentError(
      `name ${JSON.stringify(name)} is invalid: use 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit`,
      { field: 'name' },
    );
  }
}

/**
 * Checks that a target names a model and exactly one of an alias or a version.
 * @throws InvalidArgumentError naming `model`, `alias` or `version`.
 */
export function checkDeploymentTarget(target: {
  readonly model?: unknown;
  readonly alias?: unknown;
  readonly version?: unknown;
}): asserts target is DeploymentTarget {
  const { model, alias, version } = target;
  if (typeof model !== 'string' || model === '' || model.length > 256) {
    throw new InvalidArgumentError('model must be a registered model name of 1 to 256 characters', {
      field: 'model',
    });
  }
  if (alias !== undefined && version !== undefined) {
    throw new InvalidArgumentError('give either alias or version, not both', { field: 'alias' });
  }
  if (alias === undefined && version === undefined) {
    throw new InvalidArgumentError('give the alias to follow or the version to pin', { field: 'alias' });
  }
  if (alias !== undefined && (typeof alias !== 'string' || alias === '' || alias.length > 255)) {
    throw new InvalidArgumentError('alias must be a string of 1 to 255 characters', { field: 'alias' });
  }
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1)) {
    throw new InvalidArgumentError(`version must be a positive integer, not ${JSON.stringify(version)}`, {
      field: 'version',
    });
  }
}
