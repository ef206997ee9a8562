import {
  ExperimentCreated,
  ExperimentPurged,
  ExperimentRenamed,
  type Hooks,
  type Logger,
  ModelRegistered,
  ModelRenamed,
  type Principal,
  RegistryPurged,
  ResourceCreated,
  ResourceDeleted,
} from '@mlops/plugin-api';
import type { PendingWrites } from './PendingWrites.js';
import type { ResourceResolver } from './ResourceResolver.js';
import type { SqlAuth } from './SqlAuth.js';
import type { PermissionStore } from './store/PermissionStore.js';

/**
 * Keeps permissions in step with the resources: the user who creates an experiment, a
 * registered model or another resource announced by `resource.created` (a study, a deployment)
 * gets MANAGE on it, a renamed model keeps its grants, and a purged
 * experiment or model loses them (so a new one with the same name starts clean). The writes are
 * tracked as pending, so the creator's next request, which may arrive before they are stored,
 * is checked after them.
 */
export function listenForResourceChanges(deps: {
  readonly hooks: Hooks;
  readonly permissions: PermissionStore;
  readonly pending: PendingWrites;
  readonly auth: SqlAuth;
  readonly resources: ResourceResolver;
  readonly logger: Logger;
}): void {
  const { hooks, permissions, pending, auth, logger } = deps;
  const track = (what: string, write: Promise<unknown>) =>
    pending.track(
      write.then(
        () => auth.forgetPermissions(),
        (err: unknown) => {
          auth.forgetPermissions();
          logger.error({ err }, `could not update permissions after ${what}`);
        },
      ),
    );
  const grantCreator = (resourceKind: string, resourceId: string, creator: Principal) => {
    if (creator.kind !== 'user') return;
    track(
      `the creation of ${resourceKind} "${resourceId}"`,
      permissions.set({
        principalKind: 'user',
        principalName: creator.id,
        resourceKind,
        resourceId,
        permission: 'MANAGE',
      }),
    );
  };
  hooks.on(ExperimentCreated, (p) => grantCreator('experiment', p.experimentId, p.call.principal));
  hooks.on(ModelRegistered, (p) => grantCreator('registeredModel', p.name, p.call.principal));
  hooks.on(ResourceCreated, (p) => grantCreator(p.kind, p.id, p.call.principal));
  hooks.on(ResourceDeleted, (p) =>
    track(`the deletion of ${p.kind} "${p.id}"`, permissions.deleteResources(p.kind, [p.id])),
  );
  hooks.on(ModelRenamed, (p) =>
    track(`the renaming of model "${p.from}"`, permissions.rename('registeredModel', p.from, p.to)),
  );
  hooks.on(ExperimentRenamed, () => deps.resources.forgetNames());
  hooks.on(ExperimentPurged, (p) =>
    track(`the purge of experiment ${p.id}`, permissions.deleteResources('experiment', [p.id])),
  );
  hooks.on(RegistryPurged, (p) =>
    track('a registry purge', permissions.deleteResources('registeredModel', p.models)),
  );
}
