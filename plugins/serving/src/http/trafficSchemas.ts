import type { JsonSchema } from '@mlops/plugin-api';

/** `:name` (the deployment) and `:id` (the A/B test) path parameters. */
export const abTestParams: JsonSchema = {
  type: 'object',
  required: ['name', 'id'],
  properties: { name: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 } },
};

/** `:name` path parameter. */
export const deploymentNameParams: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 } },
};

/** Body of `POST /api/v1/deployments/{name}/experiments`. */
export const newAbTestBody: JsonSchema = {
  type: 'object',
  required: ['metric', 'arms', 'baseline', 'minimum_detectable_effect'],
  additionalProperties: false,
  properties: {
    metric: { enum: ['rate', 'mean'] },
    arms: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        required: ['name', 'version', 'weight'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
          version: { type: 'integer', minimum: 1 },
          weight: { type: 'number', exclusiveMinimum: 0 },
        },
      },
    },
    baseline: { type: 'number' },
    minimum_detectable_effect: { type: 'number', exclusiveMinimum: 0 },
    standard_deviation: { type: 'number', exclusiveMinimum: 0 },
    alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.5 },
    power: { type: 'number', minimum: 0.5, exclusiveMaximum: 1 },
    goal: { enum: ['increase', 'decrease'] },
  },
};

/** Body of `POST .../experiments/{id}/outcomes`. */
export const outcomeBody: JsonSchema = {
  type: 'object',
  required: ['request_id', 'value'],
  additionalProperties: false,
  properties: { request_id: { type: 'string', minLength: 1 }, value: { type: 'number' } },
};

/** Body of the decision and end routes. */
export const reasonBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string' } },
};
