import type { RoutePermission } from '@mlops/plugin-api';

/** `action` on the study whose id is the route's `:studyId`. */
export function studyPermission(action: 'READ' | 'EDIT' | 'MANAGE'): RoutePermission {
  return { action, resource: 'study', resourceId: (request) => request.params.studyId };
}
