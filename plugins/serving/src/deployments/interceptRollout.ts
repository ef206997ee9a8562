import {
  BeforeDeploymentRollout,
  type CallContext,
  type DeploymentRevision,
  type DeploymentRollout,
  FailedPreconditionError,
  type Hooks,
  type ModelVersion,
  VetoedError,
} from '@mlops/plugin-api';
import type { RolloutPlan } from './RolloutPlan.js';

/**
 * Runs the `deployment.beforeRollout` interceptors and returns the payload they let through
 * (possibly amended).
 * @throws FailedPreconditionError `rollout of deployment "<d>" to <model>/<v> refused by <plugin>: <reason>`
 * when one vetoes.
 */
export async function interceptRollout(
  hooks: Hooks,
  plan: RolloutPlan,
  current: DeploymentRevision | undefined,
  version: ModelVersion,
  call: CallContext,
): Promise<DeploymentRollout> {
  const payload: DeploymentRollout = {
    deployment: plan.deployment,
    environment: plan.environment,
    ...(current === undefined ? {} : { from: { model: current.model, version: current.version } }),
    to: { model: version.model, version: version.version },
    call,
  };
  try {
    return await hooks.run(BeforeDeploymentRollout, payload);
  } catch (err) {
    if (!(err instanceof VetoedError)) throw err;
    throw new FailedPreconditionError(
      `rollout of deployment "${plan.deployment}" to ${version.model}/${version.version} refused by ${err.by}: ${err.reason}`,
      { reason: 'vetoed', by: err.by },
      { cause: err },
    );
  }
}
