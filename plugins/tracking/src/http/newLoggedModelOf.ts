import type { NewLoggedModel, Param, Tag } from '@mlops/plugin-api';

/** The fields of a create-logged-model request, in both APIs (empty strings count as absent). */
export interface NewLoggedModelFields {
  readonly experiment_id: string;
  readonly name?: string;
  readonly model_type?: string;
  readonly source_run_id?: string;
}

/** The port's input for a create-logged-model request; the two APIs differ only in how params and tags are written. */
export function newLoggedModelOf(
  b: NewLoggedModelFields,
  params: readonly Param[],
  tags: readonly Tag[],
): NewLoggedModel {
  return {
    experimentId: b.experiment_id,
    ...(b.name ? { name: b.name } : {}),
    ...(b.model_type ? { modelType: b.model_type } : {}),
    ...(b.source_run_id ? { sourceRunId: b.source_run_id } : {}),
    params,
    tags,
  };
}
