import type { CallContext } from '../CallContext.js';
import { defineEvent, defineInterceptor } from './defineHooks.js';
import type { ModelVersionRef } from './modelHooks.js';

/** Payload of {@link BeforeDeploymentRollout} and {@link DeploymentRolledOut}. */
export interface DeploymentRollout {
  readonly deployment: string;
  readonly environment: string;
  readonly from?: ModelVersionRef;
  readonly to: ModelVersionRef;
  readonly call: CallContext;
}

/** Payload of {@link PredictionLogged}. */
export interface PredictionLoggedPayload {
  readonly deployment: string;
  readonly model: ModelVersionRef;
  /** Where the batch of logged requests and responses was written in the BlobStore. */
  readonly blobKey: string;
  readonly count: number;
}

/** Runs before a deployment moves to another model version; a veto keeps the current one. */
export const BeforeDeploymentRollout = defineInterceptor<DeploymentRollout>('deployment.beforeRollout');
/** A deployment now serves another model version. */
export const DeploymentRolledOut = defineEvent<DeploymentRollout>('deployment.rolledOut');
/** A batch of predictions was logged. */
export const PredictionLogged = defineEvent<PredictionLoggedPayload>('prediction.logged');
