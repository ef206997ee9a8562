import type { ModelOutput, RunModels } from '@mlops/plugin-api';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { findActiveRun } from '../findRun.js';
import { compareText } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';
import { findLoggedModel } from './loggedModelRows.js';

/**
 * Records the models a run produced (MLflow 3's `runs/outputs`); a pair logged again is kept once.
 * @throws NotFoundError for an unknown run or model; FailedPreconditionError for a deleted run;
 * InvalidArgumentError for a step that is not an integer.
 */
export async function logOutputs(
  ctx: TrackingContext,
  runId: string,
  outputs: readonly ModelOutput[],
): Promise<void> {
  outputs.forEach((o, i) => {
    if (!Number.isSafeInteger(o.step)) {
      throw new InvalidArgumentError(`models[${i}].step must be an integer, got ${String(o.step)}`, {
        field: `models[${i}].step`,
      });
    }
  });
  await findActiveRun(ctx.db, runId);
  for (const o of outputs) await findLoggedModel(ctx.db, o.modelId);
  if (outputs.length === 0) return;
  const now = Date.now();
  await ctx
    .db('tracking_run_outputs')
    .insert(outputs.map((o) => ({ run_id: runId, model_id: o.modelId, step: o.step, created_at: now })))
    .onConflict(['run_id', 'model_id', 'step'])
    .ignore();
}

/**
 * Records logged models a run used (MLflow 3's `log-inputs` `models`); one logged again is kept once.
 * @throws NotFoundError for an unknown run or model; FailedPreconditionError for a deleted run.
 */
export async function logModelInputs(
  ctx: TrackingContext,
  runId: string,
  modelIds: readonly string[],
): Promise<void> {
  await findActiveRun(ctx.db, runId);
  for (const id of new Set(modelIds)) await findLoggedModel(ctx.db, id);
  if (modelIds.length === 0) return;
  const now = Date.now();
  await ctx
    .db('tracking_run_model_inputs')
    .insert([...new Set(modelIds)].map((modelId) => ({ run_id: runId, model_id: modelId, created_at: now })))
    .onConflict(['run_id', 'model_id'])
    .ignore();
}

/**
 * The logged models a run used and produced, each oldest first, in one query (`runs/get` asks for
 * them on every call). A run that does not exist has none.
 */
export async function runModels(ctx: TrackingContext, runId: string): Promise<RunModels> {
  const { db } = ctx;
  const rows = (await db
    .select(db.raw("'in' as kind"), 'model_id', db.raw('0 as step'), 'created_at')
    .from('tracking_run_model_inputs')
    .where({ run_id: runId })
    .unionAll((q) => {
      q.select(db.raw("'out' as kind"), 'model_id', 'step', 'created_at')
        .from('tracking_run_outputs')
        .where({ run_id: runId });
    })) as { kind: 'in' | 'out'; model_id: string; step: number | string; created_at: number | string }[];
  rows.sort(
    (a, b) =>
      Number(a.created_at) - Number(b.created_at) ||
      compareText(a.model_id, b.model_id) ||
      Number(a.step) - Number(b.step),
  );
  return {
    inputs: rows.filter((r) => r.kind === 'in').map((r) => r.model_id),
    outputs: rows.filter((r) => r.kind === 'out').map((r) => ({ modelId: r.model_id, step: Number(r.step) })),
  };
}
