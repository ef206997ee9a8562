import {
  type CallContext,
  FailedPreconditionError,
  InvalidArgumentError,
  type ModelVersion,
  type ModelVersionRef,
  type ModelVersionUpdate,
  ModelVersionUpdated,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { bumpVersion } from '../store/bumpVersion.js';
import { checkRevision } from '../store/checkRevision.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { validateExpectedRevision } from '../validation/validateLimit.js';
import { validateRef } from '../validation/validateRef.js';
import { validateText } from '../validation/validateText.js';
import { getModelVersion } from './getModelVersion.js';

/**
 * Changes a version's description, or finishes its registration (PENDING_REGISTRATION to READY or
 * FAILED_REGISTRATION, with a message); emits `model.version.updated`.
 * @throws InvalidArgumentError naming the field; NotFoundError; FailedPreconditionError naming
 * `status` when the version is not pending; ConflictError when `expectedRevision` is stale.
 */
export async function updateModelVersion(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  update: ModelVersionUpdate,
  call: CallContext,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  const description = validateText(update?.description, 'description');
  const statusMessage = validateText(update?.statusMessage, 'statusMessage');
  const expectedRevision = validateExpectedRevision(update?.expectedRevision);
  const status = update?.status;
  if (status !== undefined && status !== 'READY' && status !== 'FAILED_REGISTRATION') {
    throw new InvalidArgumentError(
      `status may change to READY or FAILED_REGISTRATION only, got ${JSON.stringify(status)}`,
      {
        field: 'status',
      },
    );
  }
  if (description === undefined && status === undefined && statusMessage === undefined) {
    throw new InvalidArgumentError('update must set description, status or statusMessage', {
      field: 'update',
    });
  }
  await ctx.db.transaction(async (trx) => {
    const modelRow = await findModelRow(trx, model, { field: 'model', lock: true });
    const row = await findVersionRow(trx, modelRow, version);
    checkRevision(row, expectedRevision);
    if (status !== undefined && row.status !== 'PENDING_REGISTRATION') {
      throw new FailedPreconditionError(
        `model version ${model}/${version} is ${row.status}; only a PENDING_REGISTRATION version changes status`,
        { field: 'status' },
      );
    }
    const changes: Record<string, unknown> = {};
    if (description !== undefined) changes.description = description;
    if (status !== undefined) changes.status = status;
    if (statusMessage !== undefined) changes.status_message = statusMessage;
    await bumpVersion(trx, row, changes, Date.now());
  });
  ctx.hooks.emit(ModelVersionUpdated, { ref: { model, version }, call });
  return getModelVersion(ctx, { model, version });
}
