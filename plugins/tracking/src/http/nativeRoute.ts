import type { HttpRequest, RouteDefinition } from '@mlops/plugin-api';
import { snakeCaseErrorField } from './snakeCaseErrorField.js';

/** A route of the native API, `/api/v1/...`, tagged `tracking`, with error fields named as on the wire. */
export function nativeRoute(route: Omit<RouteDefinition, 'errorStyle' | 'tags'>): RouteDefinition {
  const { handler } = route;
  return {
    ...route,
    tags: ['tracking'],
    errorStyle: 'native',
    async handler(request: HttpRequest): Promise<unknown> {
      try {
        return await handler(request);
      } catch (err) {
        throw snakeCaseErrorField(err);
      }
    },
  };
}
