import type { ModelOutput, RunModels } from '@mlops/plugin-api';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { findActiveRun, findRun } from '../findRun.js';
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
 * The logged models a run used and produced, each oldest first.
 * @throws NotFoundError for an unknown run.
 */
export async function runModels(ctx: TrackingContext, runId: string): Promise<RunModels> {
  await findRun(ctx.db, runId);
  const [inputs, outputs] = await Promise.all([
    ctx
      .db('tracking_run_model_inputs')
      .where({ run_id: runId })
      .orderBy(['created_at', 'model_id']) as Promise<{ model_id: string }[]>,
    ctx
      .db('tracking_run_outputs')
      .where({ run_id: runId })
      .orderBy(['created_at', 'model_id', 'step']) as Promise<{ model_id: string; step: number | string }[]>,
  ]);
  return {
    inputs: inputs.map((r) => r.model_id),
    outputs: outputs.map((r) => ({ modelId: r.model_id, step: Number(r.step) })),
  };
}
