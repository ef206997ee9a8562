import type { Principal } from '../CallContext.js';
import { createToken } from '../Token.js';

/** What a request presents to prove who it is. */
export interface Credentials {
  /** The `Authorization` header, as sent (`Bearer ...`, `Basic ...`). */
  readonly authorization?: string;
  /** The client address, for rate limiting failed attempts. */
  readonly ip?: string;
}

/** A thing permissions are granted on. */
export interface ResourceRef {
  /** `experiment`, `registeredModel`, `study`, `deployment`, ... */
  readonly kind: string;
  readonly id?: string;
}

/**
 * Which resources of one kind a principal may read, for search queries to filter on (so pages
 * stay full and counts true): everything, only the listed ids, or everything but the listed ids.
 */
export type ReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'only'; readonly ids: readonly string[] }
  | { readonly kind: 'except'; readonly ids: readonly string[] };

/** Who the caller is, and may they do this. */
export interface Auth {
  /** @throws UnauthenticatedError for missing or wrong credentials; UnavailableError when a directory is down. */
  authenticate(credentials: Credentials): Promise<Principal>;
  /** True when `principal` may perform `action` on `resource`. Fails closed: an error denies. */
  authorize(principal: Principal, action: string, resource: ResourceRef): Promise<boolean>;
  /**
   * The ids of `resourceKind` (`experiment`, `registeredModel`) that `principal` may READ; search
   * services add it to their queries. Fails closed: on error, callers must treat it as
   * `{ kind: 'only', ids: [] }`.
   */
  readableScope(principal: Principal, resourceKind: string): Promise<ReadScope>;
}

/** Authentication and authorisation (plugins/auth, auth-ldap). */
export const Auth = createToken<Auth>({ id: 'auth.auth', description: 'authentication and authorisation' });
