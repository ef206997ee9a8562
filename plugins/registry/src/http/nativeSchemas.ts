import type { JsonSchema } from '@mlops/plugin-api';

const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

/** A model version of the native API, for the OpenAPI document. */
export const nativeVersionSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    creation_timestamp: { type: 'integer' },
    last_updated_timestamp: { type: 'integer' },
    user_id: { type: 'string' },
    stage: { type: 'string', enum: ['None', 'Staging', 'Production', 'Archived'] },
    description: { type: 'string' },
    source: { type: 'string' },
    run_id: { type: 'string' },
    run_link: { type: 'string' },
    status: { type: 'string', enum: ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'] },
    status_message: { type: 'string' },
    tags: stringMap,
    aliases: { type: 'array', items: { type: 'string' } },
    lifecycle_stage: { type: 'string', enum: ['active', 'deleted'] },
    deleted_timestamp: { type: 'integer' },
    revision: { type: 'integer' },
    artifact_prefix: { type: 'string' },
  },
  required: ['name', 'version', 'stage', 'source', 'status', 'revision'],
};

/** A registered model of the native API. */
export const nativeModelSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    creation_timestamp: { type: 'integer' },
    last_updated_timestamp: { type: 'integer' },
    user_id: { type: 'string' },
    lifecycle_stage: { type: 'string', enum: ['active', 'deleted'] },
    deleted_timestamp: { type: 'integer' },
    tags: stringMap,
    aliases: { type: 'object', additionalProperties: { type: 'integer' } },
    latest_versions: { type: 'array', items: nativeVersionSchema },
  },
  required: ['name', 'tags', 'aliases', 'latest_versions'],
};

/** An entry of a model's history. */
export const nativeHistoryRecordSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    model: { type: 'string' },
    kind: { type: 'string', enum: ['stage', 'alias', 'deleted', 'restored'] },
    version: { type: ['integer', 'null'], description: 'null for an alias removed' },
    alias: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    reason: { type: 'string' },
    principal: { type: 'string' },
    at: { type: 'integer' },
  },
  required: ['id', 'model', 'kind', 'version', 'from', 'to', 'principal', 'at'],
};

/** The path parameter naming a registered model. */
export const modelNameParam: JsonSchema = { type: 'string', minLength: 1, maxLength: 256 };

/** The path parameter naming a version: a positive integer, as digits. */
export const versionParam: JsonSchema = { type: 'string', pattern: '^[1-9][0-9]{0,15}$' };

/** The cursor of a paged list: pass a response's `next_page_token` back as `page_token`. */
export const pageTokenParam: JsonSchema = { type: 'string', minLength: 1, maxLength: 4096 };

/** Tags of a request body: a JSON object of string values. */
export const tagsInput: JsonSchema = {
  type: 'object',
  maxProperties: 1000,
  additionalProperties: { type: 'string', maxLength: 5000 },
};

/** Which entities a list includes by lifecycle stage. */
export const viewTypeParam: JsonSchema = { type: 'string', enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] };
