import type { ModelStage, ModelVersion, ModelVersionStatus, RegisteredModel } from '@mlops/plugin-api';

/** A `registry_models` row. Big integers come back as strings from PostgreSQL, hence the unions. */
export interface ModelRow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly user_id: string;
  readonly creation_time: number | string;
  readonly last_updated_time: number | string;
  readonly deleted_time: number | string | null;
  readonly next_version: number;
}

/** A `registry_versions` row joined with its model's name. */
export interface VersionRow {
  readonly model_id: string;
  readonly model_name: string;
  readonly version: number;
  readonly creation_time: number | string;
  readonly last_updated_time: number | string;
  readonly user_id: string;
  readonly stage: string;
  readonly description: string;
  readonly source: string;
  readonly run_id: string | null;
  readonly logged_model_id: string | null;
  readonly storage_location: string | null;
  readonly run_link: string | null;
  readonly status: string;
  readonly status_message: string | null;
  readonly deleted_time: number | string | null;
  readonly revision: number;
}

/** A `registry_history` row. */
export interface HistoryRow {
  readonly id: number;
  readonly model_id: string;
  readonly kind: string;
  readonly version: number | null;
  readonly alias: string | null;
  readonly from_value: string;
  readonly to_value: string;
  readonly reason: string | null;
  readonly principal: string;
  readonly at: number | string;
}

/** A millisecond time column as a number (pg returns bigint as a string). */
export function millis(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The parts of a registered model that live outside its row. */
export interface ModelExtras {
  readonly tags: Readonly<Record<string, string>>;
  readonly aliases: Readonly<Record<string, number>>;
  readonly latestVersions: readonly ModelVersion[];
}

/** A registered model from its row and the rest. */
export function modelFromRow(row: ModelRow, extras: ModelExtras): RegisteredModel {
  return {
    name: row.name,
    description: row.description,
    creationTime: millis(row.creation_time),
    lastUpdatedTime: millis(row.last_updated_time),
    userId: row.user_id,
    lifecycleStage: row.deleted_time === null ? 'active' : 'deleted',
    ...(row.deleted_time === null ? {} : { deletedTime: millis(row.deleted_time) }),
    tags: extras.tags,
    aliases: extras.aliases,
    latestVersions: extras.latestVersions,
  };
}

/** The BlobStore prefix the registry owns for one version: by model id, so a rename moves nothing. */
export function versionArtifactPrefix(blobPrefix: string, modelId: string, version: number): string {
  return `${blobPrefix}${modelId}/${version}/`;
}

/** A model version from its row, its tags and its aliases. */
export function versionFromRow(
  row: VersionRow,
  tags: Readonly<Record<string, string>>,
  aliases: readonly string[],
  blobPrefix: string,
): ModelVersion {
  return {
    ref: { model: row.model_name, version: row.version },
    model: row.model_name,
    version: row.version,
    creationTime: millis(row.creation_time),
    lastUpdatedTime: millis(row.last_updated_time),
    userId: row.user_id,
    stage: row.stage as ModelStage,
    description: row.description,
    source: row.source,
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    ...(row.logged_model_id == null ? {} : { loggedModelId: row.logged_model_id }),
    ...(row.storage_location == null ? {} : { storageLocation: row.storage_location }),
    ...(row.run_link === null ? {} : { runLink: row.run_link }),
    status: row.status as ModelVersionStatus,
    ...(row.status_message === null ? {} : { statusMessage: row.status_message }),
    tags,
    aliases,
    lifecycleStage: row.deleted_time === null ? 'active' : 'deleted',
    ...(row.deleted_time === null ? {} : { deletedTime: millis(row.deleted_time) }),
    revision: row.revision,
    artifactPrefix: versionArtifactPrefix(blobPrefix, row.model_id, row.version),
  };
}
