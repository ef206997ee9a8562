import {
  FailedPreconditionError,
  isMlopsError,
  type LoadedModel,
  type ModelVersion,
  type ServingBackend,
  UnavailableError,
} from '@mlops/plugin-api';
import type { RolloutPlan } from './RolloutPlan.js';

/**
 * Loads a version on a backend and waits until it says it is ready (warmed up, or the remote
 * service up), polling every 50 ms.
 * @throws FailedPreconditionError naming the deployment, version, source and backend when the
 * backend refuses the model; DataLossError and UnavailableError as the backend threw them;
 * UnavailableError when it is not ready within `readyTimeoutMs` (it is unloaded).
 */
export async function loadReadyModel(
  backend: ServingBackend,
  plan: RolloutPlan,
  version: ModelVersion,
  readyTimeoutMs: number,
): Promise<LoadedModel> {
  let loaded: LoadedModel;
  try {
    loaded = await backend.load({
      deployment: plan.deployment,
      environment: plan.environment,
      model: version.ref,
      source: version.source,
      options: plan.backendOptions,
    });
  } catch (err) {
    if (isMlopsError(err, 'DataLoss') || isMlopsError(err, 'Unavailable') || !isMlopsError(err)) throw err;
    throw new FailedPreconditionError(
      `deployment "${plan.deployment}" cannot load ${version.model}/${version.version} (${version.source}) with backend "${backend.name}": ${err.message}`,
      { ...err.details, reason: 'load_failed' },
      { cause: err },
    );
  }
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await loaded.ready().catch(() => false))) {
    if (Date.now() >= deadline) {
      await loaded.unload();
      throw new UnavailableError(
        `${version.model}/${version.version} did not become ready within ${readyTimeoutMs} ms on backend "${backend.name}"`,
        { reason: 'not_ready' },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return loaded;
}
