import type { Registry, RouteDefinition } from '@mlops/plugin-api';
import { checkMlflowSource } from './checkMlflowSource.js';
import { defineMlflowRoute } from './defineMlflowRoute.js';
import {
  mlflowEmptyResponse,
  mlflowModelVersionSchema,
  mlflowTagListInput,
  mlflowVersionInput,
} from './mlflowEntitySchemas.js';
import { optionalText, tagRecord, versionField } from './mlflowFieldValues.js';
import { mlflowSearchFields, mlflowSearchQuery } from './mlflowSearchFields.js';
import { toMlflowModelVersion } from './toMlflowModelVersion.js';

/** The tag MLflow's prompt registry (`mlflow.genai.register_prompt`) sets on prompts and their versions. */
const promptTag = 'mlflow.prompt.is_prompt';
const name = { type: 'string', minLength: 1, maxLength: 256 };
const nameAndVersion = { name, version: mlflowVersionInput };
const modelVersionResponse = { type: 'object', properties: { model_version: mlflowModelVersionSchema } };

/**
 * MLflow's model-version endpoints (`/model-versions/...` of model_registry.proto) over the
 * Registry port: create, get, update, delete, search, transition-stage and get-download-uri.
 */
export function mlflowModelVersionRoutes(registry: Registry): RouteDefinition[] {
  return [
    ...defineMlflowRoute({
      method: 'POST',
      path: '/model-versions/create',
      operation: 'createModelVersion',
      summary: 'Register the next version of an existing registered model (READY at once)',
      access: 'EDIT',
      fields: {
        properties: {
          name,
          source: { type: 'string', minLength: 1, maxLength: 500 },
          run_id: { type: 'string', maxLength: 256 },
          model_id: { type: 'string', maxLength: 34 },
          tags: mlflowTagListInput,
          run_link: { type: 'string', maxLength: 500 },
          description: { type: 'string', maxLength: 5000 },
        },
        required: ['name', 'source'],
      },
      response: modelVersionResponse,
      async handler(f, { call }) {
        const tags = tagRecord(f.tags);
        // MLflow's prompt registry sends `source: "dummy-source"` for a prompt version, whose source
        // MLflow's server leaves unchecked: no file is ever read from it.
        if (tags[promptTag] !== 'true') checkMlflowSource(f.source as string);
        // MLflow registers versions of existing models only (404 otherwise); the port would create it.
        await registry.getModel(f.name as string, call);
        const runId = optionalText(f.run_id);
        const runLink = optionalText(f.run_link);
        const loggedModelId = optionalText(f.model_id);
        const version = await registry.createVersion(
          {
            model: f.name as string,
            source: f.source as string,
            ...(runId === undefined ? {} : { runId }),
            ...(loggedModelId === undefined ? {} : { loggedModelId }),
            ...(runLink === undefined ? {} : { runLink }),
            description: (f.description as string | undefined) ?? '',
            tags,
          },
          call,
        );
        return { model_version: toMlflowModelVersion(version) };
      },
    }),
    ...defineMlflowRoute({
      method: 'GET',
      path: '/model-versions/get',
      operation: 'getModelVersion',
      summary: 'Get a model version',
      access: 'READ',
      fields: { properties: nameAndVersion, required: ['name', 'version'] },
      response: modelVersionResponse,
      async handler(f, { call }) {
        const version = await registry.getVersion(
          { model: f.name as string, version: versionField(f.version) },
          call,
        );
        return { model_version: toMlflowModelVersion(version) };
      },
    }),
    ...defineMlflowRoute({
      method: 'PATCH',
      path: '/model-versions/update',
      operation: 'updateModelVersion',
      summary: "Set a model version's description (absent: cleared, as MLflow)",
      access: 'EDIT',
      fields: {
        properties: { ...nameAndVersion, description: { type: 'string', maxLength: 5000 } },
        required: ['name', 'version'],
      },
      response: modelVersionResponse,
      async handler(f, { call }) {
        const ref = { model: f.name as string, version: versionField(f.version) };
        // As MLflow's server, a request without a description clears it.
        const update = { description: (f.description as string | undefined) ?? '' };
        return { model_version: toMlflowModelVersion(await registry.updateVersion(ref, update, call)) };
      },
    }),
    ...defineMlflowRoute({
      method: 'DELETE',
      path: '/model-versions/delete',
      operation: 'deleteModelVersion',
      summary: 'Delete a model version (soft: restorable until purged); its aliases go',
      access: 'MANAGE',
      fields: { properties: nameAndVersion, required: ['name', 'version'] },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        await registry.deleteVersion({ model: f.name as string, version: versionField(f.version) }, call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'GET',
      path: '/model-versions/search',
      operation: 'searchModelVersions',
      summary: "Search model versions with MLflow's filter syntax, paged",
      access: 'authenticated',
      fields: mlflowSearchFields({ maximum: 200000, default: 200000 }),
      response: {
        type: 'object',
        properties: {
          model_versions: { type: 'array', items: mlflowModelVersionSchema },
          next_page_token: { type: 'string' },
        },
      },
      async handler(f, { call }) {
        const page = await registry.searchVersions(mlflowSearchQuery(f, 200000), call);
        return {
          ...(page.items.length > 0 ? { model_versions: page.items.map(toMlflowModelVersion) } : {}),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    }),
    ...defineMlflowRoute({
      method: 'POST',
      path: '/model-versions/transition-stage',
      operation: 'transitionModelVersionStage',
      summary: 'Move a model version to a stage (a veto by an interceptor is 400 INVALID_PARAMETER_VALUE)',
      access: 'EDIT',
      fields: {
        properties: {
          ...nameAndVersion,
          stage: { type: 'string', minLength: 1 },
          archive_existing_versions: { type: 'boolean' },
        },
        required: ['name', 'version', 'stage'],
      },
      response: modelVersionResponse,
      async handler(f, { call }) {
        const ref = { model: f.name as string, version: versionField(f.version) };
        const options = { archiveExistingVersions: f.archive_existing_versions === true };
        const version = await registry.transitionStage(ref, f.stage as string, options, call);
        return { model_version: toMlflowModelVersion(version) };
      },
    }),
    ...defineMlflowRoute({
      method: 'GET',
      path: '/model-versions/get-download-uri',
      operation: 'getModelVersionDownloadUri',
      summary:
        "Where a version's files are: its source, a logged model's artifact URI for a models:/<model id> source, or a models:/ source resolved one step",
      access: 'READ',
      fields: { properties: nameAndVersion, required: ['name', 'version'] },
      response: { type: 'object', properties: { artifact_uri: { type: 'string' } } },
      async handler(f, { call }) {
        const { source, storageLocation } = await registry.getVersion(
          { model: f.name as string, version: versionField(f.version) },
          call,
        );
        if (storageLocation !== undefined) return { artifact_uri: storageLocation };
        if (!source.startsWith('models:/')) return { artifact_uri: source };
        return { artifact_uri: (await registry.resolveModelUri(source, call)).source };
      },
    }),
  ];
}
