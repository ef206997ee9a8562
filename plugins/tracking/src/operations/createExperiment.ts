import {
  AlreadyExistsError,
  type CallContext,
  type Experiment,
  ExperimentCreated,
  InvalidArgumentError,
  isUniqueViolation,
  type NewExperiment,
} from '@mlops/plugin-api';
import { inChunks } from '../inChunks.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateExperimentName } from '../validateExperimentName.js';
import { validateExperimentTag } from '../validateTag.js';
import { getExperiment } from './getExperiment.js';

/**
 * Creates an active experiment; its artifact location defaults to `mlflow-artifacts:/<id>`.
 * @throws InvalidArgumentError for a bad name, tag or `runs:` artifact location;
 * AlreadyExistsError when the name is taken, also by a deleted experiment not yet purged.
 */
export async function createExperiment(
  ctx: TrackingContext,
  input: NewExperiment,
  call: CallContext,
): Promise<Experiment> {
  validateExperimentName(input.name);
  const location = input.artifactLocation;
  if (location !== undefined && (typeof location !== 'string' || location.startsWith('runs:'))) {
    throw new InvalidArgumentError(`Artifact location cannot be a runs:/ URI. Given: '${String(location)}'`, {
      field: 'artifactLocation',
    });
  }
  const tags = Object.entries(input.tags ?? {});
  for (const [key, value] of tags) validateExperimentTag(key, value, `tags.${key}`);
  const now = Date.now();
  let id: number;
  try {
    id = await ctx.db.transaction(async (trx) => {
      const [row] = (await trx('tracking_experiments')
        .insert({
          name: input.name,
          artifact_location: location || '',
          lifecycle_stage: 'active',
          creation_time: now,
          last_update_time: now,
        })
        .returning('experiment_id')) as { experiment_id: number }[];
      const experimentId = Number(row!.experiment_id);
      if (!location) {
        await trx('tracking_experiments')
          .where({ experiment_id: experimentId })
          .update({ artifact_location: `mlflow-artifacts:/${experimentId}` });
      }
      for (const chunk of inChunks(tags)) {
        await trx('tracking_experiment_tags').insert(
          chunk.map(([key, value]) => ({ experiment_id: experimentId, key, value })),
        );
      }
      return experimentId;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw await nameTaken(ctx, input.name, err);
  }
  ctx.hooks.emit(ExperimentCreated, { experimentId: String(id), name: input.name, call });
  return getExperiment(ctx, String(id));
}

/** MLflow's message, with a hint when the name is held by a deleted experiment. */
export async function nameTaken(
  ctx: TrackingContext,
  name: string,
  cause: unknown,
): Promise<AlreadyExistsError> {
  const holder = (await ctx
    .db('tracking_experiments')
    .where({ name })
    .first('experiment_id', 'lifecycle_stage')) as
    | { experiment_id: number; lifecycle_stage: string }
    | undefined;
  const hint =
    holder?.lifecycle_stage === 'deleted'
      ? ` Experiment ${holder.experiment_id} holds the name while deleted: restore it, or purge it to reuse the name.`
      : '';
  return new AlreadyExistsError(
    `Experiment(name=${name}) already exists.${hint}`,
    { field: 'name' },
    { cause },
  );
}
