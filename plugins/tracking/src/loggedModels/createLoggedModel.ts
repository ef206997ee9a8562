import { randomUUID } from 'node:crypto';
import type { CallContext, LoggedModel, NewLoggedModel } from '@mlops/plugin-api';
import { findExperiment, requireActiveExperiment } from '../findExperiment.js';
import { findRun } from '../findRun.js';
import { generateRunName } from '../generateRunName.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateLength } from '../validateKeyName.js';
import { validateParam } from '../validateParam.js';
import { validateRunTag } from '../validateTag.js';
import { findLoggedModel, keyValueRows, toLoggedModels } from './loggedModelRows.js';

/**
 * Creates a `PENDING` logged model in an active experiment, with its params and tags, in one
 * transaction. Its artifacts go under `<experiment artifact location>/models/<id>/artifacts`, as
 * MLflow's. A source run must exist (in any experiment, as MLflow allows).
 * @throws NotFoundError for an unknown experiment or source run; FailedPreconditionError for a
 * deleted experiment; InvalidArgumentError naming a bad param, tag or name.
 */
export async function createLoggedModel(
  ctx: TrackingContext,
  input: NewLoggedModel,
  call: CallContext,
): Promise<LoggedModel> {
  (input.params ?? []).forEach((p, i) => {
    validateParam(p, `params[${i}]`);
  });
  (input.tags ?? []).forEach((t, i) => {
    validateRunTag(t, `tags[${i}]`);
  });
  if (input.name !== undefined) validateLength('Model name', 500, input.name, 'name');
  const experiment = await findExperiment(ctx.db, input.experimentId);
  requireActiveExperiment(experiment);
  if (input.sourceRunId !== undefined && input.sourceRunId !== '') await findRun(ctx.db, input.sourceRunId);
  const modelId = `m-${randomUUID().replaceAll('-', '')}`;
  const now = Date.now();
  await ctx.db.transaction(async (trx) => {
    await trx('tracking_logged_models').insert({
      model_id: modelId,
      experiment_id: experiment.experiment_id,
      name: input.name || generateRunName(),
      artifact_uri: `${experiment.artifact_location}/models/${modelId}/artifacts`,
      status: 'PENDING',
      status_message: null,
      creation_time: now,
      last_updated_time: now,
      model_type: input.modelType || null,
      source_run_id: input.sourceRunId || null,
      creator_id: call.principal.id,
      lifecycle_stage: 'active',
    });
    const params = keyValueRows(modelId, input.params);
    const tags = keyValueRows(modelId, input.tags);
    if (params.length > 0) await trx('tracking_logged_model_params').insert(params);
    if (tags.length > 0) await trx('tracking_logged_model_tags').insert(tags);
  });
  const [model] = await toLoggedModels(ctx.db, [await findLoggedModel(ctx.db, modelId)]);
  return model!;
}
