import { NotFoundError } from '@mlops/plugin-api';
import { apiPath } from './apiPath.js';
import type { HttpTransport } from './HttpTransport.js';
import { itemsOf, pageThrough } from './pageThrough.js';
import type { Experiment, ExperimentPage, ExperimentQuery, NewExperiment } from './trackingWire.js';

/** `client.experiments`: the native API's `/api/v1/experiments`. */
export interface ExperimentsApi {
  /**
   * Creates an experiment.
   * @throws AlreadyExistsError when the name is taken; InvalidArgumentError naming the field.
   */
  create(input: NewExperiment): Promise<Experiment>;
  /** An experiment, active or deleted. @throws NotFoundError */
  get(experimentId: string): Promise<Experiment>;
  /** The experiment of that name, active or deleted. @throws NotFoundError */
  getByName(name: string): Promise<Experiment>;
  /** One page of experiments. */
  list(query?: ExperimentQuery): Promise<ExperimentPage>;
  /** Every page, fetched as the iteration goes (starts at `query.page_token` if given). */
  listPages(query?: ExperimentQuery): AsyncIterable<ExperimentPage>;
  /** Every experiment matching, across pages. */
  listAll(query?: ExperimentQuery): AsyncIterable<Experiment>;
  /** Renames an experiment. @throws NotFoundError, AlreadyExistsError */
  rename(experimentId: string, name: string): Promise<Experiment>;
  /** Soft-deletes an experiment and its runs. @throws NotFoundError */
  delete(experimentId: string): Promise<void>;
  /** Restores a deleted experiment and the runs deleted with it. @throws NotFoundError */
  restore(experimentId: string): Promise<Experiment>;
  /** Sets a tag. @throws NotFoundError */
  setTag(experimentId: string, key: string, value: string): Promise<void>;
  /** Deletes a tag. @throws NotFoundError */
  deleteTag(experimentId: string, key: string): Promise<void>;
}

/** A string in the filter language, quoted so that any value stays one string. */
function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `client.experiments` over a transport. */
export function experimentsApi(http: HttpTransport): ExperimentsApi {
  const list = (query: ExperimentQuery = {}) =>
    http.json<ExperimentPage>({ method: 'GET', path: apiPath('experiments'), query: { ...query } });
  const listPages = (query: ExperimentQuery = {}) =>
    pageThrough(query.page_token, (page_token) => list({ ...query, ...(page_token ? { page_token } : {}) }));
  return {
    create: (input) => http.json<Experiment>({ method: 'POST', path: apiPath('experiments'), json: input }),
    get: (id) => http.json<Experiment>({ method: 'GET', path: apiPath('experiments', id) }),
    async getByName(name) {
      const page = await list({ filter: `name = ${quoted(name)}`, view_type: 'ALL', max_results: 1 });
      const found = page.experiments[0];
      if (found === undefined) {
        throw new NotFoundError(`experiment "${name}" does not exist`, { field: 'name' });
      }
      return found;
    },
    list,
    listPages,
    listAll: (query) => itemsOf(listPages(query), (page) => page.experiments),
    rename: (id, name) =>
      http.json<Experiment>({ method: 'PATCH', path: apiPath('experiments', id), json: { name } }),
    delete: (id) => http.empty({ method: 'DELETE', path: apiPath('experiments', id) }),
    restore: (id) => http.json<Experiment>({ method: 'POST', path: apiPath('experiments', id, 'restore') }),
    setTag: (id, key, value) =>
      http.empty({ method: 'PUT', path: apiPath('experiments', id, 'tags', key), json: { value } }),
    deleteTag: (id, key) => http.empty({ method: 'DELETE', path: apiPath('experiments', id, 'tags', key) }),
  };
}
