import type { ModelVersion, ModelVersionRef } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { hydrateVersions } from '../store/hydrateVersions.js';
import { validateRef } from '../validation/validateRef.js';

/**
 * One model version, with tags and aliases.
 * @throws InvalidArgumentError for a bad ref; NotFoundError for an unknown or deleted model or version.
 */
export async function getModelVersion(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  deleted: 'refuse' | 'allow' = 'refuse',
  db: Knex = ctx.db,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  const modelRow = await findModelRow(db, model, { field: 'model', deleted });
  const row = await findVersionRow(db, modelRow, version, deleted);
  const [entity] = await hydrateVersions(db, [row], ctx.options.blobPrefix);
  return entity!;
}
