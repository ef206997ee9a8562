import { type DatasetRef, InvalidArgumentError, type ModelVersion } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import type { VersionRow } from '../rows.js';
import { hydrateVersions } from '../store/hydrateVersions.js';
import { selectVersions } from '../store/selectVersions.js';
import { tables } from '../tables.js';

/** MLflow's limit on a dataset digest. */
const maxDigestLength = 36;

/**
 * Active versions (of active models) whose source run used the dataset, newest first: an indexed
 * lookup in the inputs recorded at version creation, no Tracking query.
 * @throws InvalidArgumentError naming `digest` or `name`.
 */
export async function findVersionsByDataset(
  ctx: RegistryContext,
  dataset: DatasetRef,
): Promise<ModelVersion[]> {
  const { digest, name } = dataset ?? {};
  if (typeof digest !== 'string' || digest === '' || digest.length > maxDigestLength) {
    throw new InvalidArgumentError(`digest must be a string of 1 to ${maxDigestLength} characters`, {
      field: 'digest',
    });
  }
  if (name !== undefined && typeof name !== 'string') {
    throw new InvalidArgumentError('name must be a string', { field: 'name' });
  }
  const d = tables.versionDatasets;
  const v = tables.versions;
  const matches = ctx.db(d).where(`${d}.digest`, digest).select(`${d}.model_id`, `${d}.version`);
  if (name !== undefined) matches.where(`${d}.name`, name);
  const rows = (await selectVersions(ctx.db)
    .whereIn([`${v}.model_id`, `${v}.version`], matches)
    .whereNull(`${v}.deleted_time`)
    .whereNull(`${tables.models}.deleted_time`)
    .orderBy([
      { column: `${v}.creation_time`, order: 'desc' },
      { column: `${tables.models}.name`, order: 'asc' },
      { column: `${v}.version`, order: 'desc' },
    ])) as VersionRow[];
  return hydrateVersions(ctx.db, rows, ctx.options.blobPrefix);
}
