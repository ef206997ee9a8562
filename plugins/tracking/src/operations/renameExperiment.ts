import {
  type CallContext,
  type Experiment,
  ExperimentRenamed,
  FailedPreconditionError,
  isUniqueViolation,
} from '@mlops/plugin-api';
import { findExperiment } from '../findExperiment.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateExperimentName } from '../validateExperimentName.js';
import { nameTaken } from './createExperiment.js';
import { getExperiment } from './getExperiment.js';

/**
 * Renames an active experiment.
 * @throws InvalidArgumentError for a bad name; NotFoundError; FailedPreconditionError
 * `Cannot rename a non-active experiment.`; AlreadyExistsError when the name is taken.
 */
export async function renameExperiment(
  ctx: TrackingContext,
  experimentId: string,
  name: string,
  call: CallContext,
): Promise<Experiment> {
  validateExperimentName(name);
  const row = await findExperiment(ctx.db, experimentId);
  if (row.lifecycle_stage !== 'active') {
    throw new FailedPreconditionError('Cannot rename a non-active experiment.', {
      field: 'experimentId',
      reason: 'deleted',
    });
  }
  try {
    await ctx
      .db('tracking_experiments')
      .where({ experiment_id: row.experiment_id })
      .update({ name, last_update_time: Date.now() });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw await nameTaken(ctx, name, err);
  }
  ctx.hooks.emit(ExperimentRenamed, {
    experimentId: String(row.experiment_id),
    name,
    previousName: row.name,
    call,
  });
  return getExperiment(ctx, experimentId);
}
