import type { RegisteredModel } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { RegistryContext } from '../RegistryContext.js';
import { type DeletedModels, findModelRow } from '../store/findModelRow.js';
import { hydrateModels } from '../store/hydrateModels.js';
import { validateModelName } from '../validation/validateModelName.js';

/**
 * The registered model called `name`, with tags, aliases and latest versions.
 * @throws InvalidArgumentError for a bad name; NotFoundError when it does not exist or is deleted.
 */
export async function getRegisteredModel(
  ctx: RegistryContext,
  name: string,
  deleted: DeletedModels = 'refuse',
  db: Knex = ctx.db,
): Promise<RegisteredModel> {
  validateModelName(name, 'name');
  const row = await findModelRow(db, name, { field: 'name', deleted });
  const [model] = await hydrateModels(db, [row], ctx.options.blobPrefix);
  return model!;
}
