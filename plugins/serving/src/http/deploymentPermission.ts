import type { HttpRequest, RoutePermission } from '@mlops/plugin-api';

/** A permission on the deployment named by the `:name` path parameter (or, without one, on deployments). */
export function deploymentPermission(action: 'READ' | 'EDIT' | 'MANAGE', byName = true): RoutePermission {
  return byName
    ? { action, resource: 'deployment', resourceId: (request: HttpRequest) => request.params.name }
    : { action, resource: 'deployment' };
}
