import {
  type CallContext,
  isMlopsError,
  type LoggedModel,
  type ModelVersionRef,
  NotFoundError,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';

/** The logged model tag that lists the versions registered from it, as MLflow's server keeps it. */
export const modelVersionsTag = 'mlflow.modelVersions';

/**
 * The MLflow 3 logged model a new version comes from, read before the version's transaction.
 * Without the LoggedModels port (no tracking plugin) nothing can be read, and the version keeps
 * only the id.
 * @throws NotFoundError naming `loggedModelId` when the port does not know the model.
 */
export async function readLoggedModel(
  ctx: RegistryContext,
  loggedModelId: string | undefined,
  call: CallContext,
): Promise<LoggedModel | undefined> {
  if (loggedModelId === undefined || ctx.loggedModels === undefined) return undefined;
  try {
    return await ctx.loggedModels.getLoggedModel(loggedModelId, call);
  } catch (err) {
    if (!isMlopsError(err, 'NotFound')) throw err;
    throw new NotFoundError(
      `Logged model with ID '${loggedModelId}' not found.`,
      { field: 'loggedModelId' },
      { cause: err },
    );
  }
}

/**
 * Appends `{ name, version }` to the logged model's `mlflow.modelVersions` tag (a JSON list), as
 * MLflow's server does when it registers a version from a logged model.
 */
export async function linkLoggedModel(
  ctx: RegistryContext,
  modelId: string,
  ref: ModelVersionRef,
  call: CallContext,
): Promise<void> {
  const models = ctx.loggedModels;
  if (models === undefined) return;
  const current = (await models.getLoggedModel(modelId, call)).tags.find((t) => t.key === modelVersionsTag);
  let list: unknown[] = [];
  try {
    const parsed: unknown = current === undefined ? [] : JSON.parse(current.value);
    if (Array.isArray(parsed)) list = parsed;
  } catch {
    // A tag someone else wrote that is not JSON: replaced by the list.
  }
  list.push({ name: ref.model, version: String(ref.version) });
  await models.setLoggedModelTags(modelId, [{ key: modelVersionsTag, value: JSON.stringify(list) }], call);
}
