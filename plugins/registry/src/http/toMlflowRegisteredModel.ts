import type { RegisteredModel } from '@mlops/plugin-api';
import { type MlflowModelVersion, toMlflowModelVersion } from './toMlflowModelVersion.js';

/** A registered model as MLflow's REST API serialises one (`RegisteredModel` of model_registry.proto). */
export interface MlflowRegisteredModel {
  readonly name: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly description?: string;
  readonly latest_versions?: readonly MlflowModelVersion[];
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  readonly aliases?: readonly { readonly alias: string; readonly version: string }[];
}

/**
 * The MLflow wire form of a registered model: as MLflow's server, no `user_id` ("not currently
 * returned", says the proto), no `description` when empty, and empty lists left out.
 */
export function toMlflowRegisteredModel(m: RegisteredModel): MlflowRegisteredModel {
  const tags = Object.entries(m.tags).map(([key, value]) => ({ key, value }));
  const aliases = Object.entries(m.aliases).map(([alias, version]) => ({ alias, version: String(version) }));
  return {
    name: m.name,
    creation_timestamp: m.creationTime,
    last_updated_timestamp: m.lastUpdatedTime,
    ...(m.description ? { description: m.description } : {}),
    ...(m.latestVersions.length > 0 ? { latest_versions: m.latestVersions.map(toMlflowModelVersion) } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
}
