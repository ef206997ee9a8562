/** One page of results; pass `nextPageToken` back to get the next. Tokens are opaque keysets. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

/** Which entities a search includes, by lifecycle stage (MLflow's `ViewType`). */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** `active`, or `deleted` (soft-deleted: restorable until purged). */
export type LifecycleStage = 'active' | 'deleted';
