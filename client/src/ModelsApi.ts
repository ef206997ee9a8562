import { apiPath } from './apiPath.js';
import type { HttpTransport } from './HttpTransport.js';
import { ifMatchHeader } from './ifMatchHeader.js';
import { itemsOf, pageThrough } from './pageThrough.js';
import type {
  AliasOptions,
  ModelHistoryPage,
  ModelHistoryQuery,
  ModelPage,
  ModelVersion,
  NewModel,
  RegisteredModel,
  RegistryQuery,
} from './registryWire.js';

/** `client.models`: registered models, their tags, aliases and history (`/api/v1/models`). */
export interface ModelsApi {
  /** Creates a registered model. @throws AlreadyExistsError, InvalidArgumentError */
  create(input: NewModel): Promise<RegisteredModel>;
  /** A registered model with its aliases and latest versions. @throws NotFoundError */
  get(name: string): Promise<RegisteredModel>;
  /** One page of registered models. */
  list(query?: RegistryQuery): Promise<ModelPage>;
  /** Every page, fetched as the iteration goes. */
  listPages(query?: RegistryQuery): AsyncIterable<ModelPage>;
  /** Every registered model matching, across pages. */
  listAll(query?: RegistryQuery): AsyncIterable<RegisteredModel>;
  /** Sets the description. @throws NotFoundError */
  update(name: string, update: { readonly description: string }): Promise<RegisteredModel>;
  /** Renames a model. @throws NotFoundError, AlreadyExistsError */
  rename(name: string, newName: string): Promise<RegisteredModel>;
  /** Soft-deletes a model and its versions. @throws NotFoundError */
  delete(name: string): Promise<void>;
  /** Restores a deleted model. @throws NotFoundError */
  restore(name: string): Promise<RegisteredModel>;
  /** Sets a tag. @throws NotFoundError */
  setTag(name: string, key: string, value: string): Promise<void>;
  /** Deletes a tag. @throws NotFoundError */
  deleteTag(name: string, key: string): Promise<void>;
  /** The version an alias points to. @throws NotFoundError (model or alias) */
  getAlias(name: string, alias: string): Promise<ModelVersion>;
  /**
   * Points an alias at a version, or moves it; returns that version.
   * @throws NotFoundError, ConflictError (stale ifMatch), FailedPreconditionError (a gate's veto)
   */
  setAlias(name: string, alias: string, version: number, options?: AliasOptions): Promise<ModelVersion>;
  /** Removes an alias (one that is not set is no error). @throws NotFoundError (model) */
  deleteAlias(name: string, alias: string, options?: { readonly reason?: string }): Promise<void>;
  /** One page of the model's history, oldest first. @throws NotFoundError */
  history(name: string, query?: ModelHistoryQuery): Promise<ModelHistoryPage>;
}

/** `client.models` over a transport. */
export function modelsApi(http: HttpTransport): ModelsApi {
  const list = (query: RegistryQuery = {}) =>
    http.json<ModelPage>({ method: 'GET', path: apiPath('models'), query: { ...query } });
  const listPages = (query: RegistryQuery = {}) =>
    pageThrough(query.page_token, (page_token) => list({ ...query, ...(page_token ? { page_token } : {}) }));
  const model = (request: Parameters<HttpTransport['json']>[0]) => http.json<RegisteredModel>(request);
  return {
    create: (input) => model({ method: 'POST', path: apiPath('models'), json: input }),
    get: (name) => model({ method: 'GET', path: apiPath('models', name) }),
    list,
    listPages,
    listAll: (query) => itemsOf(listPages(query), (page) => page.models),
    update: (name, update) =>
      model({ method: 'PATCH', path: apiPath('models', name), json: { description: update.description } }),
    rename: (name, newName) =>
      model({ method: 'PATCH', path: apiPath('models', name), json: { name: newName } }),
    delete: (name) => http.empty({ method: 'DELETE', path: apiPath('models', name) }),
    restore: (name) => model({ method: 'POST', path: apiPath('models', name, 'restore') }),
    setTag: (name, key, value) =>
      http.empty({ method: 'PUT', path: apiPath('models', name, 'tags', key), json: { value } }),
    deleteTag: (name, key) => http.empty({ method: 'DELETE', path: apiPath('models', name, 'tags', key) }),
    getAlias: (name, alias) =>
      http.json<ModelVersion>({ method: 'GET', path: apiPath('models', name, 'aliases', alias) }),
    setAlias: (name, alias, version, options = {}) =>
      http.json<ModelVersion>({
        method: 'PUT',
        path: apiPath('models', name, 'aliases', alias),
        json: { version, ...(options.reason === undefined ? {} : { reason: options.reason }) },
        headers: ifMatchHeader(options),
      }),
    deleteAlias: (name, alias, options = {}) =>
      http.empty({
        method: 'DELETE',
        path: apiPath('models', name, 'aliases', alias),
        query: { reason: options.reason },
      }),
    history: (name, query = {}) =>
      http.json<ModelHistoryPage>({
        method: 'GET',
        path: apiPath('models', name, 'history'),
        query: { ...query },
      }),
  };
}
