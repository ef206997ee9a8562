import type { Experiment } from '@mlops/plugin-api';

/** An experiment as MLflow's `Experiment` message in JSON; `tags` is left out when there are none. */
export interface MlflowExperimentJson {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: string;
  readonly last_update_time: number;
  readonly creation_time: number;
  readonly tags?: readonly { key: string; value: string }[];
}

/** MLflow's JSON of an experiment, fields in the proto's order. */
export function toMlflowExperiment(experiment: Experiment): MlflowExperimentJson {
  const tags = Object.entries(experiment.tags).map(([key, value]) => ({ key, value }));
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
    ...(tags.length > 0 ? { tags } : {}),
  };
}
