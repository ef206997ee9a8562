import type { RegisteredModel } from '@mlops/plugin-api';
import { type NativeVersion, toNativeVersion } from './toNativeVersion.js';

/** A registered model in the native API (`/api/v1`). */
export interface NativeModel {
  readonly name: string;
  readonly description: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id: string;
  readonly lifecycle_stage: string;
  readonly deleted_timestamp?: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Each alias and the version it points to. */
  readonly aliases: Readonly<Record<string, number>>;
  /** The highest READY version in each stage that has one. */
  readonly latest_versions: readonly NativeVersion[];
}

/** The native wire form of a registered model. */
export function toNativeModel(m: RegisteredModel): NativeModel {
  return {
    name: m.name,
    description: m.description,
    creation_timestamp: m.creationTime,
    last_updated_timestamp: m.lastUpdatedTime,
    user_id: m.userId,
    lifecycle_stage: m.lifecycleStage,
    ...(m.deletedTime === undefined ? {} : { deleted_timestamp: m.deletedTime }),
    tags: m.tags,
    aliases: m.aliases,
    latest_versions: m.latestVersions.map(toNativeVersion),
  };
}

/** The path of a model in the native API, for `Location` headers. */
export function nativeModelPath(name: string): string {
  return `/api/v1/models/${encodeURIComponent(name)}`;
}
