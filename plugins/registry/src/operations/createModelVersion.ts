import {
  type CallContext,
  InvalidArgumentError,
  ModelRegistered,
  type ModelVersion,
  ModelVersionCreated,
  type NewModelVersion,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import type { ModelRow } from '../rows.js';
import { findModelRow } from '../store/findModelRow.js';
import { insertModel } from '../store/insertModel.js';
import { tables } from '../tables.js';
import { resolveLoggedModelId } from '../validation/resolveLoggedModelId.js';
import { validateModelName } from '../validation/validateModelName.js';
import { resolveRunId } from '../validation/validateRunId.js';
import { validateTags } from '../validation/validateTag.js';
import { validateSource, validateText } from '../validation/validateText.js';
import { getModelVersion } from './getModelVersion.js';
import { linkLoggedModel, readLoggedModel } from './linkLoggedModel.js';
import { readSourceRun } from './readSourceRun.js';

/**
 * Registers the next version of a model, creating the model when it does not exist (as
 * `mlflow.register_model` does). The number comes from the model's counter, under its row lock,
 * so it is never reused. The source run's dataset inputs are recorded for lineage. Emits
 * `model.registered` (when the model was created) and `model.version.created` after the commit.
 * @throws InvalidArgumentError naming the bad field; NotFoundError when the model is deleted or
 * Tracking does not know the run.
 */
export async function createModelVersion(
  ctx: RegistryContext,
  input: NewModelVersion,
  call: CallContext,
): Promise<ModelVersion> {
  const model = validateModelName(input?.model, 'model');
  const source = validateSource(input.source);
  const loggedModelId = resolveLoggedModelId(input.loggedModelId, source);
  const loggedModel = await readLoggedModel(ctx, loggedModelId, call);
  const runId = resolveRunId(input.runId ?? loggedModel?.sourceRunId, source);
  const runLink = validateText(input.runLink, 'runLink');
  const description = validateText(input.description, 'description') ?? '';
  const tags = validateTags(input.tags);
  const status = input.status ?? 'READY';
  if (status !== 'READY' && status !== 'PENDING_REGISTRATION') {
    throw new InvalidArgumentError(
      `status of a new version must be READY or PENDING_REGISTRATION, got ${JSON.stringify(status)}`,
      {
        field: 'status',
      },
    );
  }
  const datasets = await readSourceRun(ctx, runId, runLink, call);

  const { version, createdModel } = await ctx.db.transaction(async (trx) => {
    const now = Date.now();
    const inserted = await insertModel(trx, {
      name: model,
      description: '',
      tags: {},
      userId: call.principal.id,
      now,
    });
    const row: ModelRow = await findModelRow(trx, model, { field: 'model', lock: true });
    const number = row.next_version;
    await trx(tables.models)
      .where({ id: row.id })
      .update({ next_version: number + 1, last_updated_time: now });
    await trx(tables.versions).insert({
      model_id: row.id,
      version: number,
      creation_time: now,
      last_updated_time: now,
      user_id: call.principal.id,
      stage: 'None',
      description,
      source,
      run_id: runId ?? null,
      logged_model_id: loggedModelId ?? null,
      storage_location: source.startsWith('models:/') ? (loggedModel?.artifactUri ?? null) : null,
      run_link: runLink ?? null,
      status,
      status_message: null,
      deleted_time: null,
      revision: 1,
    });
    const tagRows = Object.entries(tags).map(([key, value]) => ({
      model_id: row.id,
      version: number,
      key,
      value,
    }));
    if (tagRows.length > 0) await trx(tables.versionTags).insert(tagRows);
    const datasetRows = datasets.map(({ dataset, tags: inputTags }) => ({
      model_id: row.id,
      version: number,
      name: dataset.name,
      digest: dataset.digest,
      source_type: dataset.sourceType,
      source: dataset.source,
      schema: dataset.schema ?? null,
      profile: dataset.profile ?? null,
      tags: JSON.stringify(inputTags),
    }));
    if (datasetRows.length > 0) await trx(tables.versionDatasets).insert(datasetRows);
    return { version: number, createdModel: inserted.created };
  });

  const ref = { model, version };
  if (createdModel) ctx.hooks.emit(ModelRegistered, { name: model, call });
  ctx.hooks.emit(ModelVersionCreated, { ref, source, ...(runId === undefined ? {} : { runId }), call });
  if (loggedModel !== undefined) {
    // The version is committed: a failed tag update must not make the client register it again.
    await linkLoggedModel(ctx, loggedModel.modelId, ref, call).catch((err: unknown) =>
      ctx.logger.warn(
        { err, modelId: loggedModel.modelId, model: ref.model, version: ref.version },
        `could not list version ${ref.version} of "${ref.model}" on logged model ${loggedModel.modelId}`,
      ),
    );
  }
  return getModelVersion(ctx, ref);
}
