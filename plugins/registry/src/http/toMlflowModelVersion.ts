import type { ModelVersion } from '@mlops/plugin-api';

/** A model version as MLflow's REST API serialises one (`ModelVersion` of model_registry.proto). */
export interface MlflowModelVersion {
  readonly name: string;
  /** A string on the wire, as in MLflow's proto. */
  readonly version: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id: string;
  readonly current_stage: string;
  readonly description: string;
  readonly source: string;
  readonly run_id: string;
  /** The MLflow 3 logged model it was registered from. */
  readonly model_id?: string;
  readonly status: string;
  readonly status_message?: string;
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  readonly run_link: string;
  readonly aliases?: readonly string[];
}

/**
 * The MLflow wire form of a version. As MLflow's server, it sends `description`, `run_id` and
 * `run_link` as `""` when unset, leaves out `status_message` when empty and empty `tags` and
 * `aliases` lists (protobuf's JSON omits empty repeated fields).
 */
export function toMlflowModelVersion(v: ModelVersion): MlflowModelVersion {
  const tags = Object.entries(v.tags).map(([key, value]) => ({ key, value }));
  return {
    name: v.model,
    version: String(v.version),
    creation_timestamp: v.creationTime,
    last_updated_timestamp: v.lastUpdatedTime,
    user_id: v.userId,
    current_stage: v.stage,
    description: v.description,
    source: v.source,
    run_id: v.runId ?? '',
    ...(v.loggedModelId === undefined ? {} : { model_id: v.loggedModelId }),
    status: v.status,
    ...(v.statusMessage ? { status_message: v.statusMessage } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    run_link: v.runLink ?? '',
    ...(v.aliases.length > 0 ? { aliases: [...v.aliases] } : {}),
  };
}
