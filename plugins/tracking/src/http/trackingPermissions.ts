import type { HttpRequest, RoutePermission } from '@mlops/plugin-api';

type Action = 'READ' | 'EDIT' | 'MANAGE';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The fields of a request: its query string for GET, its JSON body otherwise. */
export function requestFields(request: HttpRequest): Record<string, unknown> {
  const fields = request.body ?? request.query;
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {};
}

/** `action` on the experiment whose id `read` finds in the request. */
export function experimentPermission(
  action: Action,
  read: (request: HttpRequest) => unknown,
): RoutePermission {
  return { action, resource: 'experiment', resourceId: (request) => text(read(request)) };
}

/**
 * `action` on the run whose id `read` finds in the request; the auth plugin resolves a run to its
 * experiment's permissions.
 */
export function runPermission(action: Action, read: (request: HttpRequest) => unknown): RoutePermission {
  return { action, resource: 'run', resourceId: (request) => text(read(request)) };
}

/** `action` on the run named by a request's `run_id` or `run_uuid` field (MLflow routes). */
export function mlflowRunPermission(action: Action): RoutePermission {
  return runPermission(action, (request) => {
    const fields = requestFields(request);
    return fields.run_id || fields.run_uuid;
  });
}

/** `action` on the experiment named by a request's `experiment_id` field (MLflow routes). */
export function mlflowExperimentPermission(action: Action): RoutePermission {
  return experimentPermission(action, (request) => requestFields(request).experiment_id);
}

/**
 * `action` on every run whose id `read` lists in the request (comparisons, bulk reads); each
 * resolves to its experiment's permissions.
 */
export function runsPermission(
  action: Action,
  read: (request: HttpRequest) => readonly unknown[],
): RoutePermission {
  return {
    action,
    resource: 'run',
    resourceIds: (request) => read(request).flatMap((id) => text(id) ?? []),
  };
}

/** `action` on the logged model named by a path parameter (`model_id` by default): its experiment's permissions. */
export function loggedModelPermission(action: Action, param = 'model_id'): RoutePermission {
  return { action, resource: 'loggedModel', resourceId: (request) => text(request.params[param]) };
}

/** `action` on every experiment a request's `experiment_ids` list names (MLflow searches). */
export function mlflowExperimentsPermission(action: Action): RoutePermission {
  return {
    action,
    resource: 'experiment',
    resourceIds: (request) => {
      const ids = requestFields(request).experiment_ids;
      return (Array.isArray(ids) ? ids : [ids]).flatMap((id) => text(id) ?? []);
    },
  };
}
