import type { CallContext } from '../CallContext.js';
import { defineEvent, defineInterceptor } from './defineHooks.js';

/** Identifies one version of a registered model. */
export interface ModelVersionRef {
  readonly model: string;
  readonly version: number;
}

/** Payload of {@link ModelVersionCreated}. */
export interface ModelVersionCreatedPayload {
  readonly ref: ModelVersionRef;
  /** Where the model's files are, e.g. `runs:/<run>/model`. */
  readonly source: string;
  readonly runId?: string;
  readonly call: CallContext;
}

/**
 * Payload of {@link BeforeModelTransition} and {@link ModelVersionTransitioned}.
 *
 * A stage transition has `from`/`to` stages (`Staging` → `Production`). An alias move has `to`
 * `@<alias>` (e.g. `@champion`) and `from` `v<N>`, the version the alias pointed to, or `None`;
 * `ref` is the version that receives the alias.
 */
export interface ModelTransition {
  readonly ref: ModelVersionRef;
  readonly from: string;
  readonly to: string;
  readonly runId?: string;
  /** The caller's reason, recorded in the history. Interceptors may amend it (and nothing else). */
  readonly reason?: string;
  /** Stage transitions: whether the other versions in `to` are archived in the same transaction. */
  readonly archiveExistingVersions?: boolean;
  readonly call: CallContext;
}

/** Payload of the registered-model events. */
export interface RegisteredModelPayload {
  readonly name: string;
  readonly call: CallContext;
}

/** Payload of {@link ModelRenamed}. */
export interface ModelRenamedPayload {
  readonly from: string;
  readonly to: string;
  readonly call: CallContext;
}

/** Payload of the model-version events that carry no more than the version. */
export interface ModelVersionPayload {
  readonly ref: ModelVersionRef;
  readonly call: CallContext;
}

/** Payload of {@link ModelAliasSet} and {@link ModelAliasDeleted}. */
export interface ModelAliasPayload {
  readonly model: string;
  readonly alias: string;
  /** The version it points to now; null after deletion. */
  readonly version: number | null;
  /** The version it pointed to before; null when it was unset. */
  readonly previousVersion: number | null;
  readonly call: CallContext;
}

/** Payload of {@link RegistryPurged}. */
export interface RegistryPurgedPayload {
  readonly models: readonly string[];
  readonly versions: readonly ModelVersionRef[];
  readonly call: CallContext;
}

/** A registered model was created. */
export const ModelRegistered = defineEvent<RegisteredModelPayload>('model.registered');
/** A registered model was renamed; its versions follow. */
export const ModelRenamed = defineEvent<ModelRenamedPayload>('model.renamed');
/** A registered model's description or tags changed. */
export const ModelUpdated = defineEvent<RegisteredModelPayload>('model.updated');
/** A registered model was soft-deleted. */
export const ModelDeleted = defineEvent<RegisteredModelPayload>('model.deleted');
/** A soft-deleted registered model was restored. */
export const ModelRestored = defineEvent<RegisteredModelPayload>('model.restored');
/** A model version was registered. */
export const ModelVersionCreated = defineEvent<ModelVersionCreatedPayload>('model.version.created');
/** A model version's description, status or tags changed. */
export const ModelVersionUpdated = defineEvent<ModelVersionPayload>('model.version.updated');
/** A model version was soft-deleted. */
export const ModelVersionDeleted = defineEvent<ModelVersionPayload>('model.version.deleted');
/** A soft-deleted model version was restored. */
export const ModelVersionRestored = defineEvent<ModelVersionPayload>('model.version.restored');
/** Runs before a version changes stage or alias; a veto keeps it where it is (a quality gate, an approval). */
export const BeforeModelTransition = defineInterceptor<ModelTransition>('model.version.beforeTransition');
/**
 * A version changed stage or took an alias; emitted after the commit, also for each version
 * archived by `archiveExistingVersions` (those are not intercepted).
 */
export const ModelVersionTransitioned = defineEvent<ModelTransition>('model.version.transitioned');
/** An alias was set or moved to another version. */
export const ModelAliasSet = defineEvent<ModelAliasPayload>('model.alias.set');
/** An alias was removed (by `deleteAlias`, or because its version was deleted). */
export const ModelAliasDeleted = defineEvent<ModelAliasPayload>('model.alias.deleted');
/** Soft-deleted models or versions were permanently removed. */
export const RegistryPurged = defineEvent<RegistryPurgedPayload>('model.purged');
