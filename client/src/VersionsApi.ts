import { apiPath } from './apiPath.js';
import type { HttpTransport } from './HttpTransport.js';
import { ifMatchHeader } from './ifMatchHeader.js';
import { itemsOf, pageThrough } from './pageThrough.js';
import type {
  Conditional,
  ModelLineage,
  ModelVersion,
  NewModelVersion,
  RegistryQuery,
  StageTransition,
  VersionPage,
  VersionUpdate,
} from './registryWire.js';

/** `client.versions`: model versions (`/api/v1/models/:name/versions`) and model URIs. */
export interface VersionsApi {
  /** Registers the next version of a model, creating the model when it does not exist. */
  create(model: string, input: NewModelVersion): Promise<ModelVersion>;
  /** A version. @throws NotFoundError */
  get(model: string, version: number): Promise<ModelVersion>;
  /** One page of a model's versions. @throws NotFoundError (model) */
  list(model: string, query?: RegistryQuery): Promise<VersionPage>;
  /** Every page, fetched as the iteration goes. */
  listPages(model: string, query?: RegistryQuery): AsyncIterable<VersionPage>;
  /** Every version matching, across pages. */
  listAll(model: string, query?: RegistryQuery): AsyncIterable<ModelVersion>;
  /** Updates description or status. @throws NotFoundError, ConflictError (stale ifMatch) */
  update(model: string, version: number, update: VersionUpdate, options?: Conditional): Promise<ModelVersion>;
  /** Soft-deletes a version; its aliases go. @throws NotFoundError, ConflictError */
  delete(model: string, version: number, options?: Conditional): Promise<void>;
  /** Restores a deleted version. @throws NotFoundError */
  restore(model: string, version: number): Promise<ModelVersion>;
  /** Sets a tag; returns the version. @throws NotFoundError */
  setTag(model: string, version: number, key: string, value: string): Promise<ModelVersion>;
  /** Deletes a tag. @throws NotFoundError */
  deleteTag(model: string, version: number, key: string): Promise<void>;
  /**
   * Moves a version to a stage.
   * @throws NotFoundError, InvalidArgumentError (stage), ConflictError, FailedPreconditionError (veto)
   */
  transition(
    model: string,
    version: number,
    input: StageTransition,
    options?: Conditional,
  ): Promise<ModelVersion>;
  /** The version a `models:/` URI names (`/<n>`, `/<stage>`, `/latest`, `@alias`). @throws NotFoundError */
  resolve(uri: string): Promise<ModelVersion>;
  /** The version's model card (markdown). @throws NotFoundError */
  card(model: string, version: number): Promise<string>;
  /** The version's source run and that run's datasets. @throws NotFoundError */
  lineage(model: string, version: number): Promise<ModelLineage>;
}

/** `client.versions` over a transport. */
export function versionsApi(http: HttpTransport): VersionsApi {
  const path = (model: string, version?: number, ...rest: string[]) =>
    version === undefined
      ? apiPath('models', model, 'versions')
      : apiPath('models', model, 'versions', version, ...rest);
  const version = (request: Parameters<HttpTransport['json']>[0]) => http.json<ModelVersion>(request);
  const list = (model: string, query: RegistryQuery = {}) =>
    http.json<VersionPage>({ method: 'GET', path: path(model), query: { ...query } });
  const listPages = (model: string, query: RegistryQuery = {}) =>
    pageThrough(query.page_token, (page_token) =>
      list(model, { ...query, ...(page_token ? { page_token } : {}) }),
    );
  return {
    create: (model, input) => version({ method: 'POST', path: path(model), json: input }),
    get: (model, v) => version({ method: 'GET', path: path(model, v) }),
    list,
    listPages,
    listAll: (model, query) => itemsOf(listPages(model, query), (page) => page.versions),
    update: (model, v, update, options = {}) =>
      version({ method: 'PATCH', path: path(model, v), json: update, headers: ifMatchHeader(options) }),
    delete: (model, v, options = {}) =>
      http.empty({ method: 'DELETE', path: path(model, v), headers: ifMatchHeader(options) }),
    restore: (model, v) => version({ method: 'POST', path: path(model, v, 'restore') }),
    setTag: (model, v, key, value) =>
      version({ method: 'PUT', path: path(model, v, 'tags', key), json: { value } }),
    deleteTag: (model, v, key) => http.empty({ method: 'DELETE', path: path(model, v, 'tags', key) }),
    transition: (model, v, input, options = {}) =>
      version({
        method: 'POST',
        path: path(model, v, 'stage'),
        json: input,
        headers: ifMatchHeader(options),
      }),
    resolve: (uri) => version({ method: 'GET', path: apiPath('model-uris', 'resolve'), query: { uri } }),
    async card(model, v) {
      const response = await http.send({
        method: 'GET',
        path: path(model, v, 'card'),
        headers: { accept: 'text/markdown' },
      });
      return response.text();
    },
    lineage: (model, v) => http.json<ModelLineage>({ method: 'GET', path: path(model, v, 'lineage') }),
  };
}
