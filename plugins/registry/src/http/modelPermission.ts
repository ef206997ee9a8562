import type { RoutePermission } from '@mlops/plugin-api';

/** What a caller needs on the registered model the path's `:name` names. */
export function modelPermission(action: 'READ' | 'EDIT' | 'MANAGE'): RoutePermission {
  return { action, resource: 'registeredModel', resourceId: (request) => request.params.name };
}
