/** Who is calling: a user, a service account, or the system itself. */
export interface Principal {
  /** Stable id, e.g. a user name or `system`. */
  readonly id: string;
  readonly kind: 'user' | 'service' | 'system' | 'anonymous';
  /** Roles and groups, as the Auth port resolved them. */
  readonly roles: readonly string[];
}

/**
 * Passed to every domain call, so authorisation, audit and tenants never need a second
 * signature.
 */
export interface CallContext {
  readonly principal: Principal;
  /** The tenant the call acts in; `default` until tenants exist. */
  readonly tenant: string;
  /** Correlates logs across plugins; taken from `x-request-id` by the HTTP layer. */
  readonly requestId: string;
}

/** The principal of work the platform does on its own behalf (migrations, schedules). */
export const systemPrincipal: Principal = Object.freeze({ id: 'system', kind: 'system', roles: ['admin'] });

/** Builds a call context for the system itself, e.g. in tests and embedding apps. */
export function systemCall(requestId = 'system'): CallContext {
  return { principal: systemPrincipal, tenant: 'default', requestId };
}
