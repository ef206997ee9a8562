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

/** Who the caller is, and may they do this. */
export interface Auth {
  /** @throws UnauthenticatedError for missing or wrong credentials; UnavailableError when a directory is down. */
  authenticate(credentials: Credentials): Promise<Principal>;
  /** True when `principal` may perform `action` on `resource`. Fails closed: an error denies. */
  authorize(principal: Principal, action: string, resource: ResourceRef): Promise<boolean>;
}

/** Authentication and authorisation (plugins/auth, auth-ldap). */
export const Auth = createToken<Auth>({ id: 'auth.auth', description: 'authentication and authorisation' });
