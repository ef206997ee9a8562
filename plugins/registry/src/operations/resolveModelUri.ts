import { InvalidArgumentError, isMlopsError, type ModelVersion, NotFoundError } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import type { VersionRow } from '../rows.js';
import { findModelRow } from '../store/findModelRow.js';
import { hydrateVersions } from '../store/hydrateVersions.js';
import { selectVersions } from '../store/selectVersions.js';
import { tables } from '../tables.js';
import { findStage } from '../validation/canonicalStage.js';
import { validateModelName } from '../validation/validateModelName.js';
import { getLatestVersions } from './getLatestVersions.js';
import { getModelVersion } from './getModelVersion.js';
import { aliasTarget } from './setModelAlias.js';

const expected =
  'expected models:/<name>/<version>, models:/<name>/<stage>, models:/<name>/latest or models:/<name>@<alias>';

function badUri(uri: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`uri ${JSON.stringify(uri)} is not a model URI: ${expected}`, {
    field: 'uri',
  });
}

/**
 * The version a `models:/` URI names. `<stage>` (any case) means the highest READY version in that
 * stage; `latest` the highest READY version in any stage, as MLflow resolves them.
 * @throws InvalidArgumentError naming `uri`; NotFoundError naming `uri` when nothing matches.
 */
export async function resolveModelUri(ctx: RegistryContext, uri: string): Promise<ModelVersion> {
  if (typeof uri !== 'string' || !uri.startsWith('models:/')) throw badUri(uri);
  const path = uri.slice('models:/'.length);
  const at = path.indexOf('@');
  if (at >= 0) {
    const [name, alias] = [path.slice(0, at), path.slice(at + 1)];
    if (name === '' || alias === '' || alias.includes('/')) throw badUri(uri);
    validateModelName(name, 'uri');
    const row = await findModelRow(ctx.db, name, { field: 'uri' });
    const version = await aliasTarget(ctx.db, row.id, alias);
    if (version === null) {
      throw new NotFoundError(`registered model "${name}" has no alias "${alias}"`, { field: 'uri' });
    }
    return getModelVersion(ctx, { model: name, version });
  }
  const slash = path.lastIndexOf('/');
  const [name, selector] = [path.slice(0, slash), path.slice(slash + 1)];
  if (slash <= 0 || selector === '') throw badUri(uri);
  validateModelName(name, 'uri');
  if (/^\d+$/.test(selector)) {
    try {
      return await getModelVersion(ctx, { model: name, version: Number(selector) });
    } catch (err) {
      if (!isMlopsError(err)) throw err;
      const { message, category } = err;
      throw category === 'NotFound'
        ? new NotFoundError(message, { field: 'uri' }, { cause: err })
        : new InvalidArgumentError(message, { field: 'uri' }, { cause: err });
    }
  }
  if (selector.toLowerCase() === 'latest') return latestVersion(ctx, name, uri);
  const stage = findStage(selector);
  if (stage === undefined) throw badUri(uri);
  const [found] = await getLatestVersions(ctx, name, [stage]);
  if (found === undefined) {
    throw new NotFoundError(`registered model "${name}" has no READY version in stage ${stage}`, {
      field: 'uri',
    });
  }
  return found;
}

async function latestVersion(ctx: RegistryContext, name: string, uri: string): Promise<ModelVersion> {
  const model = await findModelRow(ctx.db, name, { field: 'uri' });
  const rows = (await selectVersions(ctx.db)
    .where(`${tables.versions}.model_id`, model.id)
    .where(`${tables.versions}.status`, 'READY')
    .whereNull(`${tables.versions}.deleted_time`)
    .orderBy(`${tables.versions}.version`, 'desc')
    .limit(1)) as VersionRow[];
  if (rows.length === 0) {
    throw new NotFoundError(`registered model "${name}" has no READY version (${uri})`, { field: 'uri' });
  }
  const [version] = await hydrateVersions(ctx.db, rows, ctx.options.blobPrefix);
  return version!;
}
