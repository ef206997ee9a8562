import type { CallContext } from '../CallContext.js';
import type { RunBatch } from '../tracking/Run.js';
import { defineEvent } from './defineHooks.js';

/** Payload of {@link RunFinished}. */
export interface RunFinishedPayload {
  readonly runId: string;
  readonly experimentId: string;
  readonly status: 'FINISHED' | 'FAILED' | 'KILLED';
  readonly call: CallContext;
}

/** Payload of the experiment events that carry no more than the experiment's identity. */
export interface ExperimentPayload {
  readonly experimentId: string;
  readonly name: string;
  readonly call: CallContext;
}

/** Payload of {@link ExperimentRenamed}. */
export interface ExperimentRenamedPayload extends ExperimentPayload {
  readonly previousName: string;
}

/** Payload of {@link ExperimentTagSet} and {@link ExperimentTagDeleted} (no `value` on deletion). */
export interface ExperimentTagPayload {
  readonly experimentId: string;
  readonly key: string;
  readonly value?: string;
  readonly call: CallContext;
}

/** Payload of the run events that carry no more than the run's identity. */
export interface RunPayload {
  readonly runId: string;
  readonly experimentId: string;
  readonly call: CallContext;
}

/** Payload of {@link RunCreated}. */
export interface RunCreatedPayload extends RunPayload {
  readonly runName: string;
}

/** Payload of {@link RunUpdated}: the run's status and name after the update. */
export interface RunUpdatedPayload extends RunPayload {
  readonly status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  readonly runName: string;
}

/** Payload of {@link RunBatchLogged}: the batch as the caller gave it, after validation. */
export interface RunBatchLoggedPayload extends RunPayload {
  readonly batch: RunBatch;
}

/** Payload of {@link RunTagDeleted}. */
export interface RunTagDeletedPayload extends RunPayload {
  readonly key: string;
}

/** Payload of {@link RunInputsLogged}: how many dataset inputs the call gave. */
export interface RunInputsLoggedPayload extends RunPayload {
  readonly count: number;
}

/** Payload of {@link RunArtifactLogged}. */
export interface RunArtifactLoggedPayload extends RunPayload {
  /** Relative to the run's artifact root. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** Payload of {@link RunPurged} and {@link ExperimentPurged}: what was permanently deleted. */
export interface PurgedPayload {
  readonly kind: 'run' | 'experiment';
  /** The run id or experiment id. */
  readonly id: string;
  /** The experiment's name, or the run's name. */
  readonly name: string;
  /** When it had been soft-deleted (epoch milliseconds). */
  readonly deletedTime: number;
  readonly call: CallContext;
}

/** A tracking run reached a terminal status. */
export const RunFinished = defineEvent<RunFinishedPayload>('run.finished');
/** An experiment was created. */
export const ExperimentCreated = defineEvent<ExperimentPayload>('experiment.created');
/** An experiment was renamed. */
export const ExperimentRenamed = defineEvent<ExperimentRenamedPayload>('experiment.renamed');
/** An experiment and its runs were soft-deleted. */
export const ExperimentDeleted = defineEvent<ExperimentPayload>('experiment.deleted');
/** A soft-deleted experiment and the runs deleted with it were restored. */
export const ExperimentRestored = defineEvent<ExperimentPayload>('experiment.restored');
/** An experiment tag was set (created or overwritten). */
export const ExperimentTagSet = defineEvent<ExperimentTagPayload>('experiment.tag.set');
/** An experiment tag was deleted. */
export const ExperimentTagDeleted = defineEvent<ExperimentTagPayload>('experiment.tag.deleted');
/** An experiment was permanently deleted by a purge, with its runs and their artifacts. */
export const ExperimentPurged = defineEvent<PurgedPayload>('experiment.purged');
/** A run was created. */
export const RunCreated = defineEvent<RunCreatedPayload>('run.created');
/** A run's status, end time or name changed. */
export const RunUpdated = defineEvent<RunUpdatedPayload>('run.updated');
/** A run was soft-deleted. */
export const RunDeleted = defineEvent<RunPayload>('run.deleted');
/** A soft-deleted run was restored. */
export const RunRestored = defineEvent<RunPayload>('run.restored');
/** A batch of metrics, params and tags was committed to a run. */
export const RunBatchLogged = defineEvent<RunBatchLoggedPayload>('run.batch.logged');
/** A run tag was deleted. */
export const RunTagDeleted = defineEvent<RunTagDeletedPayload>('run.tag.deleted');
/** Dataset inputs were recorded for a run. */
export const RunInputsLogged = defineEvent<RunInputsLoggedPayload>('run.inputs.logged');
/** An artifact was stored for a run. */
export const RunArtifactLogged = defineEvent<RunArtifactLoggedPayload>('run.artifact.logged');
/** A run was permanently deleted by a purge, with its artifacts. */
export const RunPurged = defineEvent<PurgedPayload>('run.purged');
