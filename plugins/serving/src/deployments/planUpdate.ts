import { type DeploymentRevision, type DeploymentUpdate, InvalidArgumentError } from '@mlops/plugin-api';
import { checkDeploymentTarget } from './checkDeploymentFields.js';
import type { RolloutPlan } from './RolloutPlan.js';

/**
 * The plan of an update: the current revision with the update's fields. Giving `alias` unpins the
 * version and giving `version` stops following the alias; a new backend without options starts
 * from none. Version 0 stands for "resolve the alias".
 * @throws InvalidArgumentError naming `alias` for a new model without an alias or version.
 */
export function planUpdate(current: DeploymentRevision, update: DeploymentUpdate): RolloutPlan {
  const model = update.model ?? current.model;
  const retarget = update.alias !== undefined || update.version !== undefined;
  if (model !== current.model && !retarget) {
    throw new InvalidArgumentError('a new model needs the alias to follow or the version to pin', {
      field: 'alias',
    });
  }
  const target = retarget
    ? { model, alias: update.alias, version: update.version }
    : { model, alias: current.alias, version: current.alias === undefined ? current.version : undefined };
  checkDeploymentTarget(target);
  const backend = update.backend ?? current.backend;
  return {
    deployment: current.deployment,
    model,
    ...(target.alias === undefined ? {} : { alias: target.alias }),
    version: target.version ?? 0,
    environment: update.environment ?? current.environment,
    backend,
    backendOptions: update.backendOptions ?? (backend === current.backend ? current.backendOptions : {}),
    reason: update.reason ?? 'updated',
  };
}
