/**
 * One entry of a model's history: a stage transition, an alias move, or a version's deletion or
 * restoration. Recorded in the same transaction as the change itself.
 */
export interface TransitionRecord {
  /** Increasing with time; ties in `at` are ordered by it. */
  readonly id: number;
  readonly model: string;
  readonly kind: 'stage' | 'alias' | 'deleted' | 'restored';
  /**
   * `stage`, `deleted`, `restored`: the version that changed. `alias`: the version the alias points
   * to afterwards, or null when it was removed.
   */
  readonly version: number | null;
  /** `alias` records only: the alias' name. */
  readonly alias?: string;
  /**
   * `stage`: the stages before and after (`Staging` → `Production`). `alias`: `v<N>` of the version
   * pointed to before and after, `None` when unset (`v2` → `v3`, `v3` → `None`).
   * `deleted`/`restored`: `active` → `deleted` and back.
   */
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
  /** `CallContext.principal.id` of the caller. */
  readonly principal: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Query of `history`: one model's records, oldest first, optionally narrowed. */
export interface HistoryQuery {
  readonly model: string;
  readonly version?: number;
  readonly kind?: TransitionRecord['kind'];
  /** Only the records of this alias (implies `kind: 'alias'`). */
  readonly alias?: string;
  /** Records at or after this time (epoch ms). */
  readonly since?: number;
  /** Records at or before this time (epoch ms). */
  readonly until?: number;
  /** 1..10000, default 1000. */
  readonly maxResults?: number;
  readonly pageToken?: string;
}
