import type { HttpRequest, RouteDefinition } from '@mlops/plugin-api';
import { wireFieldError } from './wireFieldError.js';

/**
 * A route of the native registry API: tagged `registry`, answering errors in the native style
 * with the request's field names (`page_token`, not the port's `pageToken`).
 */
export function nativeRoute(route: RouteDefinition): RouteDefinition {
  return {
    ...route,
    tags: ['registry'],
    errorStyle: 'native',
    async handler(request: HttpRequest) {
      try {
        return await route.handler(request);
      } catch (err) {
        throw wireFieldError(err);
      }
    },
  };
}
