import { type DeploymentRevision, FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import type { RolloutPlan } from './RolloutPlan.js';

/**
 * The plan of a rollback: a copy of revision `toRevision` (by default the one before the current,
 * the last of `revisions`), serving exactly its version, still following its alias if it did.
 * @throws InvalidArgumentError naming `toRevision` when it is not a positive integer below the
 * current revision; FailedPreconditionError when there is no earlier revision.
 */
export function planRollback(
  revisions: readonly DeploymentRevision[],
  options: { readonly toRevision?: number; readonly reason?: string },
): RolloutPlan {
  const wanted = options.toRevision;
  if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 1)) {
    throw new InvalidArgumentError(`toRevision must be a positive integer, not ${JSON.stringify(wanted)}`, {
      field: 'toRevision',
    });
  }
  const current = revisions.at(-1)!;
  const number = wanted ?? current.revision - 1;
  if (number < 1) {
    throw new FailedPreconditionError(
      `deployment "${current.deployment}" has no revision before ${current.revision}`,
      { field: 'toRevision' },
    );
  }
  if (number >= current.revision) {
    throw new InvalidArgumentError(
      `toRevision must be below the current revision ${current.revision}, not ${number}`,
      {
        field: 'toRevision',
      },
    );
  }
  const target = revisions.find((r) => r.revision === number);
  if (target === undefined) {
    throw new InvalidArgumentError(`deployment "${current.deployment}" has no revision ${number}`, {
      field: 'toRevision',
    });
  }
  return {
    deployment: current.deployment,
    model: target.model,
    ...(target.alias === undefined ? {} : { alias: target.alias }),
    version: target.version,
    environment: target.environment,
    backend: target.backend,
    backendOptions: target.backendOptions,
    reason: options.reason ?? `rollback to revision ${number}`,
  };
}
