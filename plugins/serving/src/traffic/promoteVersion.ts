import type { CallContext, DeploymentRevision, Hooks, Logger, Registry } from '@mlops/plugin-api';
import type { DeploymentStore } from '../deployments/DeploymentStore.js';
import { interceptRollout } from '../deployments/interceptRollout.js';

/** What {@link promoteVersion} needs from the deployment service. */
export interface PromoteDeps {
  readonly store: DeploymentStore;
  readonly registry: Registry;
  readonly hooks: Hooks;
  readonly logger: Logger;
  /** Rolls `version` out as the deployment's next revision; called inside the deployment's lock. */
  promote(current: DeploymentRevision, version: number, reason: string, call: CallContext): Promise<void>;
}

/**
 * Makes `version` the deployment's live model, as a new revision rolled out through
 * `deployment.beforeRollout`. A deployment that follows an alias also moves the alias in the
 * registry (through the registry's own gates), so it keeps following it: the rollout gates are
 * asked first, so a veto leaves the alias where it was, and a rollout that fails after the move
 * (the model does not load) puts the alias back. Call inside the deployment's lock.
 */
export async function promoteVersion(
  deps: PromoteDeps,
  name: string,
  version: number,
  reason: string,
  call: CallContext,
): Promise<void> {
  const current = await deps.store.current(name);
  if (current.alias === undefined) {
    await deps.promote(current, version, reason, call);
    return;
  }
  const target = await deps.registry.getVersion({ model: current.model, version }, call);
  await interceptRollout(deps.hooks, current, current, target, call);
  const alias = { model: current.model, alias: current.alias };
  await deps.registry.setAlias({ model: current.model, version }, alias.alias, { reason }, call);
  try {
    await deps.promote(current, version, reason, call);
  } catch (err) {
    await deps.registry
      .setAlias(
        { model: alias.model, version: current.version },
        alias.alias,
        { reason: `promotion failed: ${(err as Error).message}` },
        call,
      )
      .catch((undo: unknown) =>
        deps.logger.error(
          { deployment: name, alias: alias.alias },
          `alias "${alias.alias}" of ${alias.model} stays on version ${version}, though deployment ${name} could not roll it out: ${(undo as Error).message}`,
        ),
      );
    throw err;
  }
}
