import type { CallContext } from '../CallContext.js';
import { defineEvent } from './defineHooks.js';

/** Payload of {@link RunFinished}. */
export interface RunFinishedPayload {
  readonly runId: string;
  readonly experimentId: string;
  readonly status: 'FINISHED' | 'FAILED' | 'KILLED';
  readonly call: CallContext;
}

/** A tracking run reached a terminal status. */
export const RunFinished = defineEvent<RunFinishedPayload>('run.finished');
