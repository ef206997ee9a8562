import { InvalidArgumentError, type ModelStage, type ModelVersion, modelStages } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import type { VersionRow } from '../rows.js';
import { findModelRow } from '../store/findModelRow.js';
import { hydrateVersions } from '../store/hydrateVersions.js';
import { selectVersions } from '../store/selectVersions.js';
import { tables } from '../tables.js';
import { canonicalStage } from '../validation/canonicalStage.js';
import { validateModelName } from '../validation/validateModelName.js';

/**
 * The highest READY, active version in each of `stages` (every stage when absent or empty), in
 * stage order; stages with no such version are left out (MLflow's `get_latest_versions`).
 * @throws InvalidArgumentError naming `stages[<i>]`; NotFoundError for an unknown or deleted model.
 */
export async function getLatestVersions(
  ctx: RegistryContext,
  model: string,
  stages: readonly string[] | undefined,
): Promise<ModelVersion[]> {
  validateModelName(model, 'model');
  if (stages !== undefined && !Array.isArray(stages)) {
    throw new InvalidArgumentError('stages must be a list of stage names', { field: 'stages' });
  }
  const wanted: readonly ModelStage[] =
    stages === undefined || stages.length === 0
      ? modelStages
      : stages.map((s, i) => canonicalStage(s, `stages[${i}]`));
  const row = await findModelRow(ctx.db, model, { field: 'model' });
  const latest = ctx
    .db(tables.versions)
    .where({ model_id: row.id, status: 'READY' })
    .whereNull('deleted_time')
    .whereIn('stage', wanted)
    .groupBy('model_id', 'stage')
    .select('model_id', ctx.db.raw('max(version) as version'));
  const rows = (await selectVersions(ctx.db).whereIn(
    [`${tables.versions}.model_id`, `${tables.versions}.version`],
    latest,
  )) as VersionRow[];
  const versions = await hydrateVersions(ctx.db, rows, ctx.options.blobPrefix);
  return versions.sort((a, b) => modelStages.indexOf(a.stage) - modelStages.indexOf(b.stage));
}
