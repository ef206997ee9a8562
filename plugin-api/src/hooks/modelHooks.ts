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

/** Payload of {@link BeforeModelTransition} and {@link ModelVersionTransitioned}. */
export interface ModelTransition {
  readonly ref: ModelVersionRef;
  readonly from: string;
  readonly to: string;
  readonly runId?: string;
  readonly call: CallContext;
}

/** A model version was registered. */
export const ModelVersionCreated = defineEvent<ModelVersionCreatedPayload>('model.version.created');
/** Runs before a version changes stage or alias; a veto keeps it where it is (a quality gate, an approval). */
export const BeforeModelTransition = defineInterceptor<ModelTransition>('model.version.beforeTransition');
/** A version changed stage or alias; emitted after the commit. */
export const ModelVersionTransitioned = defineEvent<ModelTransition>('model.version.transitioned');
