import type { JsonSchema } from '@mlops/plugin-api';

/** Options of {@link trackingPlugin}. */
export interface TrackingOptions {
  /**
   * Days a soft-deleted run or experiment stays restorable; `mlops tracking purge` (and
   * `purgeDeleted`) permanently deletes those deleted longer ago.
   */
  readonly retentionDays: number;
  /** Page size of `searchRuns` and `searchExperiments` when the query gives no `maxResults`. */
  readonly searchMaxResults: number;
  /** Page size of a whole metric history when the query gives no `maxResults`. */
  readonly historyMaxResults: number;
  /**
   * On an SQLite file, writes batches of 100 metric points or more in a worker thread with its own
   * connection, so that inserting and committing one batch overlaps parsing the next request
   * (1.4-1.7x the ingestion of one thread on two cores). Off: every write on one connection.
   */
  readonly writerThread: boolean;
}

/** MLflow's `SEARCH_MAX_RESULTS_THRESHOLD`: the largest page a search may ask for. */
export const searchMaxResultsLimit = 50_000;
/** MLflow's `GET_METRIC_HISTORY_MAX_RESULTS`: the default, and here the largest, history page. */
export const historyMaxResultsLimit = 25_000;

/** JSON Schema of {@link TrackingOptions}; the kernel fills in the defaults. */
export const trackingOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    retentionDays: { type: 'number', minimum: 0, default: 30 },
    searchMaxResults: { type: 'integer', minimum: 1, maximum: searchMaxResultsLimit, default: 1000 },
    historyMaxResults: {
      type: 'integer',
      minimum: 1,
      maximum: historyMaxResultsLimit,
      default: historyMaxResultsLimit,
    },
    writerThread: { type: 'boolean', default: true },
  },
};
