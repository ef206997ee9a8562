import { type Experiment, InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import { experimentTags, findExperiment } from '../findExperiment.js';
import { type ExperimentRow, toExperiment } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * The experiment, active or deleted, with its tags.
 * @throws InvalidArgumentError for a malformed id; NotFoundError `No Experiment with id=<id> exists`.
 */
export async function getExperiment(ctx: TrackingContext, experimentId: string): Promise<Experiment> {
  const row = await findExperiment(ctx.db, experimentId);
  const tags = await experimentTags(ctx.db, [row.experiment_id]);
  return toExperiment(row, tags.get(String(row.experiment_id))!);
}

/**
 * The experiment with that exact name, active or deleted.
 * @throws InvalidArgumentError when `name` is not a string;
 * NotFoundError `Could not find experiment with name '<name>'`.
 */
export async function getExperimentByName(ctx: TrackingContext, name: string): Promise<Experiment> {
  if (typeof name !== 'string') {
    throw new InvalidArgumentError(`Invalid experiment name: ${String(name)}. Expects a string.`, {
      field: 'name',
    });
  }
  const row = (await ctx.db('tracking_experiments').where({ name }).first()) as ExperimentRow | undefined;
  if (row === undefined) {
    throw new NotFoundError(`Could not find experiment with name '${name}'`, { field: 'name' });
  }
  const tags = await experimentTags(ctx.db, [row.experiment_id]);
  return toExperiment(row, tags.get(String(row.experiment_id))!);
}
