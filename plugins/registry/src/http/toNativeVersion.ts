import type { ModelVersion } from '@mlops/plugin-api';

/** A model version in the native API (`/api/v1`): snake_case, version a number, unset fields left out. */
export interface NativeVersion {
  readonly name: string;
  readonly version: number;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id: string;
  readonly stage: string;
  readonly description: string;
  readonly source: string;
  readonly run_id?: string;
  readonly run_link?: string;
  readonly status: string;
  readonly status_message?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly aliases: readonly string[];
  readonly lifecycle_stage: string;
  readonly deleted_timestamp?: number;
  /** Also sent as the `ETag` header; pass it back in `If-Match` to make a change conditional. */
  readonly revision: number;
  /** The BlobStore key prefix the registry owns for this version. */
  readonly artifact_prefix: string;
}

/** The native wire form of a version. */
export function toNativeVersion(v: ModelVersion): NativeVersion {
  return {
    name: v.model,
    version: v.version,
    creation_timestamp: v.creationTime,
    last_updated_timestamp: v.lastUpdatedTime,
    user_id: v.userId,
    stage: v.stage,
    description: v.description,
    source: v.source,
    ...(v.runId === undefined ? {} : { run_id: v.runId }),
    ...(v.runLink === undefined ? {} : { run_link: v.runLink }),
    status: v.status,
    ...(v.statusMessage === undefined ? {} : { status_message: v.statusMessage }),
    tags: v.tags,
    aliases: v.aliases,
    lifecycle_stage: v.lifecycleStage,
    ...(v.deletedTime === undefined ? {} : { deleted_timestamp: v.deletedTime }),
    revision: v.revision,
    artifact_prefix: v.artifactPrefix,
  };
}

/** The path of a version in the native API, for `Location` headers. */
export function nativeVersionPath(model: string, version: number): string {
  return `/api/v1/models/${encodeURIComponent(model)}/versions/${version}`;
}
