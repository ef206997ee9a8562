import { apiPath } from './apiPath.js';
import { BackgroundMetricLogger } from './BackgroundMetricLogger.js';
import { decodeDoubles } from './decodeDoubles.js';
import type { HttpTransport } from './HttpTransport.js';
import type { MetricLogger } from './MetricLogger.js';
import type { MetricLoggerOptions } from './MetricLoggerOptions.js';
import { itemsOf, pageThrough } from './pageThrough.js';
import type {
  DatasetInput,
  GroupComparison,
  GroupComparisonInput,
  HistoryQuery,
  MetricHistory,
  MetricPoint,
  NewRun,
  Run,
  RunBatch,
  RunComparison,
  RunPage,
  RunQuery,
  RunStatus,
  RunUpdate,
} from './trackingWire.js';

/** `client.runs`: the native API's `/api/v1/runs`. */
export interface RunsApi {
  /** Creates a RUNNING run. @throws NotFoundError (experiment), FailedPreconditionError (deleted one) */
  create(input: NewRun): Promise<Run>;
  /** A run with its latest metrics, params, tags and inputs. @throws NotFoundError */
  get(runId: string): Promise<Run>;
  /** Updates status, end time or name. @throws NotFoundError, InvalidArgumentError */
  update(runId: string, update: RunUpdate): Promise<Run>;
  /** Ends a run: `status` FINISHED by default, `end_time` now. @throws NotFoundError */
  end(runId: string, status?: Exclude<RunStatus, 'RUNNING' | 'SCHEDULED'>): Promise<Run>;
  /** Soft-deletes a run. @throws NotFoundError */
  delete(runId: string): Promise<void>;
  /** Restores a deleted run. @throws NotFoundError */
  restore(runId: string): Promise<Run>;
  /** One page of runs (`POST /api/v1/runs/search`). @throws InvalidArgumentError (bad filter) */
  search(query?: RunQuery): Promise<RunPage>;
  /** Every page of a search, fetched as the iteration goes. */
  searchPages(query?: RunQuery): AsyncIterable<RunPage>;
  /** Every run matching, across pages. */
  searchAll(query?: RunQuery): AsyncIterable<Run>;
  /** Logs metrics, params and tags in one transaction (retried: the server treats it as idempotent). */
  logBatch(runId: string, batch: RunBatch): Promise<void>;
  /** Logs one metric point (`step` 0 and `timestamp` now by default). */
  logMetric(
    runId: string,
    key: string,
    value: number,
    options?: { readonly step?: number; readonly timestamp?: number },
  ): Promise<void>;
  /** Logs a param (immutable: another value later is an InvalidArgumentError). */
  logParam(runId: string, key: string, value: string): Promise<void>;
  /** Sets a tag of a run. */
  setTag(runId: string, key: string, value: string): Promise<void>;
  /** Deletes a tag of a run. @throws NotFoundError */
  deleteTag(runId: string, key: string): Promise<void>;
  /** Logs the datasets a run used. */
  logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void>;
  /** One page of a metric's history, or a downsampled whole with `max_points`. @throws NotFoundError */
  history(runId: string, key: string, query?: HistoryQuery): Promise<MetricHistory>;
  /** Every point of a metric's history, by step, across pages. */
  historyAll(runId: string, key: string): AsyncIterable<MetricPoint>;
  /** Params and latest metrics of up to 1000 runs side by side. @throws NotFoundError */
  compare(runIds: readonly string[]): Promise<RunComparison>;
  /** Welch's t-test of a metric between two groups of runs. @throws InvalidArgumentError */
  compareGroups(input: GroupComparisonInput): Promise<GroupComparison>;
  /** A background metric logger for a run: buffered, batched, flushed on an interval and on exit. */
  logger(runId: string, options?: MetricLoggerOptions): MetricLogger;
}

/** `client.runs` over a transport. */
export function runsApi(http: HttpTransport): RunsApi {
  const run = (request: Parameters<HttpTransport['json']>[0]) =>
    http.json<Run>(request).then(decodeDoubles.run);
  const search = (query: RunQuery = {}) =>
    http
      .json<RunPage>({ method: 'POST', path: apiPath('runs', 'search'), json: query, idempotent: true })
      .then(decodeDoubles.runPage);
  const searchPages = (query: RunQuery = {}) =>
    pageThrough(query.page_token, (page_token) =>
      search({ ...query, ...(page_token ? { page_token } : {}) }),
    );
  const history = (runId: string, key: string, query: HistoryQuery = {}) =>
    http
      .json<MetricHistory>({
        method: 'GET',
        path: apiPath('runs', runId, 'metrics', key, 'history'),
        query: { ...query },
      })
      .then(decodeDoubles.history);
  const logBatch = (runId: string, batch: RunBatch) =>
    // The server upserts every point, param and tag of a batch: sending it twice changes nothing.
    http.empty({ method: 'POST', path: apiPath('runs', runId, 'batch'), json: batch, idempotent: true });
  const api: RunsApi = {
    create: (input) => run({ method: 'POST', path: apiPath('runs'), json: input }),
    get: (runId) => run({ method: 'GET', path: apiPath('runs', runId) }),
    update: (runId, update) =>
      run({ method: 'PATCH', path: apiPath('runs', runId), json: update, idempotent: true }),
    end: (runId, status = 'FINISHED') => api.update(runId, { status, end_time: Date.now() }),
    delete: (runId) => http.empty({ method: 'DELETE', path: apiPath('runs', runId) }),
    restore: (runId) => run({ method: 'POST', path: apiPath('runs', runId, 'restore') }),
    search,
    searchPages,
    searchAll: (query) => itemsOf(searchPages(query), (page) => page.runs),
    logBatch,
    logMetric: (runId, key, value, options = {}) =>
      logBatch(runId, { metrics: [{ key, value, ...options }] }),
    logParam: (runId, key, value) => logBatch(runId, { params: [{ key, value }] }),
    setTag: (runId, key, value) =>
      http.empty({ method: 'PUT', path: apiPath('runs', runId, 'tags', key), json: { value } }),
    deleteTag: (runId, key) => http.empty({ method: 'DELETE', path: apiPath('runs', runId, 'tags', key) }),
    logInputs: (runId, datasets) =>
      http.empty({ method: 'POST', path: apiPath('runs', runId, 'inputs'), json: { datasets } }),
    history,
    historyAll: (runId, key) =>
      itemsOf(
        pageThrough(undefined, (page_token) => history(runId, key, page_token ? { page_token } : {})),
        (page) => page.points,
      ),
    compare: (runIds) =>
      http
        .json<RunComparison>({
          method: 'POST',
          path: apiPath('runs', 'compare'),
          json: { run_ids: runIds },
          idempotent: true,
        })
        .then(decodeDoubles.comparison),
    compareGroups: (input) =>
      http
        .json<GroupComparison>({
          method: 'POST',
          path: apiPath('runs', 'compare-groups'),
          json: input,
          idempotent: true,
        })
        .then(decodeDoubles.groupComparison),
    logger: (runId, options) =>
      new BackgroundMetricLogger(runId, (points) => logBatch(runId, { metrics: points }), options),
  };
  return api;
}
