import type { Deployment, DeploymentRevision, TensorSpec } from '@mlops/plugin-api';

/** A revision in the native API (`/api/v1`): snake_case, unset fields left out. */
export function toNativeRevision(r: DeploymentRevision): Record<string, unknown> {
  return {
    name: r.deployment,
    revision: r.revision,
    model: r.model,
    ...(r.alias === undefined ? {} : { alias: r.alias }),
    version: r.version,
    environment: r.environment,
    backend: r.backend,
    backend_options: r.backendOptions,
    reason: r.reason,
    ...(r.artifactSha256 === undefined ? {} : { artifact_sha256: r.artifactSha256 }),
    created_by: r.createdBy,
    created_timestamp: r.createdAt,
  };
}

const tensorSpec = (s: TensorSpec) => ({ name: s.name, datatype: s.datatype, shape: s.shape });

/** A deployment in the native API: its current revision, state and signature. */
export function toNativeDeployment(d: Deployment): Record<string, unknown> {
  return {
    ...toNativeRevision(d),
    state: d.state,
    ...(d.stateMessage === undefined ? {} : { state_message: d.stateMessage }),
    inputs: d.inputs.map(tensorSpec),
    outputs: d.outputs.map(tensorSpec),
  };
}
