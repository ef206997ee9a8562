import type { CallContext } from '../CallContext.js';
import { defineEvent } from './defineHooks.js';

/**
 * Payload of {@link ResourceCreated} and {@link ResourceDeleted}: a resource that permissions are
 * granted on, by kind (`study`, `deployment`) and id, as routes name it in their `RoutePermission`.
 */
export interface ResourcePayload {
  readonly kind: string;
  readonly id: string;
  readonly call: CallContext;
}

/**
 * A plugin created a resource that carries permissions (beyond experiments and registered models,
 * which have events of their own); the auth plugin gives its creator MANAGE on it.
 */
export const ResourceCreated = defineEvent<ResourcePayload>('resource.created');
/** Such a resource is gone for good; the auth plugin drops the permissions granted on it. */
export const ResourceDeleted = defineEvent<ResourcePayload>('resource.deleted');
