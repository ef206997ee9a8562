import {
  type CallContext,
  InvalidArgumentError,
  type ModelStage,
  type ModelTransition,
  type ModelVersion,
  type ModelVersionRef,
  ModelVersionTransitioned,
  type StageTransitionOptions,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import type { VersionRow } from '../rows.js';
import { bumpVersion } from '../store/bumpVersion.js';
import { checkReady } from '../store/checkReady.js';
import { checkRevision } from '../store/checkRevision.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { recordHistory } from '../store/recordHistory.js';
import { selectVersions } from '../store/selectVersions.js';
import { tables } from '../tables.js';
import { interceptTransition } from '../transition/interceptTransition.js';
import { canonicalStage } from '../validation/canonicalStage.js';
import { validateExpectedRevision } from '../validation/validateLimit.js';
import { validateRef } from '../validation/validateRef.js';
import { validateText } from '../validation/validateText.js';
import { getModelVersion } from './getModelVersion.js';

/** The stages `archiveExistingVersions` applies to (MLflow's active stages). */
const activeStages: readonly ModelStage[] = ['Staging', 'Production'];

/**
 * Moves a version to another stage: the interceptors first (a veto changes nothing), then one
 * transaction that locks the model, re-checks the version, archives the others in the stage when
 * asked, moves the version and records every move in the history; then the events.
 * @throws InvalidArgumentError naming the field; NotFoundError; FailedPreconditionError for a veto
 * or a version not READY; ConflictError when `expectedRevision` is stale.
 */
export async function transitionModelVersionStage(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  to: string,
  options: StageTransitionOptions,
  call: CallContext,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  const stage = canonicalStage(to, 'stage');
  const archive = options?.archiveExistingVersions ?? false;
  if (typeof archive !== 'boolean') {
    throw new InvalidArgumentError('archiveExistingVersions must be a boolean', {
      field: 'archiveExistingVersions',
    });
  }
  if (archive && !activeStages.includes(stage)) {
    throw new InvalidArgumentError(
      `archiveExistingVersions applies to Staging and Production only, not ${stage}`,
      {
        field: 'archiveExistingVersions',
      },
    );
  }
  const reason = validateText(options?.reason, 'reason');
  const expectedRevision = validateExpectedRevision(options?.expectedRevision);

  // Fail fast on what can be known before the interceptors run; the transaction checks it all again.
  const before = await findVersionRow(ctx.db, await findModelRow(ctx.db, model, { field: 'model' }), version);
  checkReady(before, 'changes stage');
  checkRevision(before, expectedRevision);
  const transition: ModelTransition = {
    ref: { model, version },
    from: before.stage,
    to: stage,
    ...(before.run_id === null ? {} : { runId: before.run_id }),
    ...(reason === undefined ? {} : { reason }),
    archiveExistingVersions: archive,
    call,
  };
  const finalReason = await interceptTransition(ctx.hooks, transition, 'stage');

  const { from, archived } = await ctx.db.transaction(async (trx) => {
    const modelRow = await findModelRow(trx, model, { field: 'model', lock: true });
    const row = await findVersionRow(trx, modelRow, version);
    checkReady(row, 'changes stage');
    checkRevision(row, expectedRevision);
    const now = Date.now();
    const others: VersionRow[] = archive
      ? await selectVersions(trx)
          .where(`${tables.versions}.model_id`, row.model_id)
          .where(`${tables.versions}.stage`, stage)
          .whereNot(`${tables.versions}.version`, version)
          .whereNull(`${tables.versions}.deleted_time`)
      : [];
    const archiveReason = `archived by the transition of ${model}/${version} to ${stage}`;
    for (const other of others) await bumpVersion(trx, other, { stage: 'Archived' }, now);
    await bumpVersion(trx, row, { stage }, now);
    await recordHistory(trx, call, [
      ...others.map((o) => ({
        modelId: o.model_id,
        kind: 'stage' as const,
        version: o.version,
        from: stage,
        to: 'Archived',
        reason: archiveReason,
        at: now,
      })),
      {
        modelId: row.model_id,
        kind: 'stage',
        version,
        from: row.stage,
        to: stage,
        reason: finalReason,
        at: now,
      },
    ]);
    return {
      from: row.stage,
      archived: others.map((o) => ({ version: o.version, runId: o.run_id, reason: archiveReason })),
    };
  });

  for (const other of archived) {
    ctx.hooks.emit(ModelVersionTransitioned, {
      ref: { model, version: other.version },
      from: stage,
      to: 'Archived',
      ...(other.runId === null ? {} : { runId: other.runId }),
      reason: other.reason,
      call,
    });
  }
  const { reason: _asked, ...rest } = transition;
  ctx.hooks.emit(ModelVersionTransitioned, {
    ...rest,
    from,
    ...(finalReason === undefined ? {} : { reason: finalReason }),
  });
  return getModelVersion(ctx, { model, version });
}
