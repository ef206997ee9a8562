import type { JsonSchema } from '@mlops/plugin-api';

const tagList: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { key: { type: 'string' }, value: { type: 'string' } },
    required: ['key'],
  },
};

/** MLflow's `ModelVersion` message as JSON, for the OpenAPI document. */
export const mlflowModelVersionSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    creation_timestamp: { type: 'integer' },
    last_updated_timestamp: { type: 'integer' },
    user_id: { type: 'string' },
    current_stage: { type: 'string', enum: ['None', 'Staging', 'Production', 'Archived'] },
    description: { type: 'string' },
    source: { type: 'string' },
    run_id: { type: 'string' },
    status: { type: 'string', enum: ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'] },
    status_message: { type: 'string' },
    tags: tagList,
    run_link: { type: 'string' },
    aliases: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'version', 'creation_timestamp', 'current_stage', 'source', 'status'],
};

/** MLflow's `RegisteredModel` message as JSON, for the OpenAPI document. */
export const mlflowRegisteredModelSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    creation_timestamp: { type: 'integer' },
    last_updated_timestamp: { type: 'integer' },
    description: { type: 'string' },
    latest_versions: { type: 'array', items: mlflowModelVersionSchema },
    tags: tagList,
    aliases: {
      type: 'array',
      items: {
        type: 'object',
        properties: { alias: { type: 'string' }, version: { type: 'string' } },
        required: ['alias', 'version'],
      },
    },
  },
  required: ['name', 'creation_timestamp'],
};

/** A request's `tags` list (`[{ key, value }]`); a missing value is the empty string, as in MLflow. */
export const mlflowTagListInput: JsonSchema = {
  type: 'array',
  maxItems: 1000,
  items: {
    type: 'object',
    properties: { key: { type: 'string', minLength: 1 }, value: { type: 'string' } },
    required: ['key'],
  },
};

/**
 * A version number as MLflow's clients send it: a string of digits (the proto's type); a JSON
 * integer is accepted too.
 */
export const mlflowVersionInput: JsonSchema = {
  anyOf: [
    { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
    { type: 'integer', minimum: 1 },
  ],
};

/** The empty response of MLflow's writes that return nothing. */
export const mlflowEmptyResponse: JsonSchema = { type: 'object', properties: {} };
