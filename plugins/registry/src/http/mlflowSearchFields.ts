import type { JsonSchema } from '@mlops/plugin-api';
import { listField } from './listField.js';

/** The request fields of MLflow's registry searches, with the endpoint's limit and default page size. */
export function mlflowSearchFields(maxResults: { readonly maximum: number; readonly default: number }): {
  properties: Record<string, JsonSchema>;
} {
  return {
    properties: {
      filter: { type: 'string', maxLength: 10000 },
      max_results: { type: 'integer', minimum: 1, ...maxResults },
      order_by: { type: 'array', items: { type: 'string' }, maxItems: 10 },
      page_token: { type: 'string', maxLength: 4096 },
    },
  };
}

/**
 * The search query of validated {@link mlflowSearchFields}; `defaultMax` is the proto's default,
 * what MLflow's server uses when the request names none.
 */
export function mlflowSearchQuery(
  f: Record<string, unknown>,
  defaultMax: number,
): { filter?: string; orderBy?: string[]; maxResults: number; pageToken?: string } {
  const orderBy = listField(f.order_by);
  return {
    ...(f.filter ? { filter: f.filter as string } : {}),
    ...(orderBy?.length ? { orderBy } : {}),
    maxResults: (f.max_results as number | undefined) ?? defaultMax,
    ...(f.page_token ? { pageToken: f.page_token as string } : {}),
  };
}
