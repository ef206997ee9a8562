import { type CallContext, type DatasetInput, RunInputsLogged } from '@mlops/plugin-api';
import { findActiveRun } from '../findRun.js';
import { inChunks } from '../inChunks.js';
import { toInt } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateDatasetInputs } from '../validateDatasetInputs.js';

/**
 * Records datasets a run used, in one transaction. A dataset is identified by name and digest
 * within the run's experiment and stored once; an input the run already has is left as it is,
 * tags included (as in MLflow). Within one call, the first of two inputs with the same name and
 * digest wins.
 * @throws InvalidArgumentError for a bad dataset or input tag; NotFoundError;
 * FailedPreconditionError when the run is deleted.
 */
export async function logInputs(
  ctx: TrackingContext,
  runId: string,
  inputs: readonly DatasetInput[],
  call: CallContext,
): Promise<void> {
  validateDatasetInputs(inputs);
  const run = await findActiveRun(ctx.db, runId);
  const unique = new Map<string, DatasetInput>();
  for (const input of inputs) {
    const id = JSON.stringify([input.dataset.name, input.dataset.digest]);
    if (!unique.has(id)) unique.set(id, input);
  }
  if (unique.size > 0) {
    await ctx.db.transaction(async (trx) => {
      for (const input of unique.values()) {
        const d = input.dataset;
        const identity = { experiment_id: run.experiment_id, name: d.name, digest: d.digest };
        await trx('tracking_datasets')
          .insert({
            ...identity,
            source_type: d.sourceType,
            source: d.source,
            schema: d.schema ?? null,
            profile: d.profile ?? null,
          })
          .onConflict(['experiment_id', 'name', 'digest'])
          .ignore();
        const dataset = (await trx('tracking_datasets').where(identity).first('dataset_int')) as {
          dataset_int: number;
        };
        const link = { run_int: run.run_int, dataset_int: toInt(dataset.dataset_int) };
        const added = (await trx('tracking_inputs')
          .insert(link)
          .onConflict(['run_int', 'dataset_int'])
          .ignore()
          .returning('run_int')) as unknown[];
        const tags = new Map((input.tags ?? []).map((t) => [t.key, t.value]));
        if (added.length === 0) continue;
        for (const chunk of inChunks([...tags])) {
          await trx('tracking_input_tags').insert(chunk.map(([key, value]) => ({ ...link, key, value })));
        }
      }
    });
  }
  ctx.hooks.emit(RunInputsLogged, {
    runId,
    experimentId: String(run.experiment_id),
    count: inputs.length,
    call,
  });
}
