import type { PermissionLevel } from './PermissionLevel.js';

/** A user as the management API shows it (never its password hash). */
export interface User {
  /** The numeric id the store gave the user (MLflow's auth API shows it as `id` and `user_id`). */
  readonly id: number;
  readonly username: string;
  /** `local`, or the IdentityProvider that vouched for the user (`ldap`). */
  readonly source: string;
  readonly isAdmin: boolean;
  readonly disabled: boolean;
  /** Local groups the user belongs to. */
  readonly groups: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An API token as listed: its id and metadata, never the secret. */
export interface ApiTokenInfo {
  /** Public id (`tok_...`), to revoke it. */
  readonly tokenId: string;
  readonly username: string;
  readonly name: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** A new API token: the secret is in this answer and nowhere else. */
export interface NewApiToken extends ApiTokenInfo {
  /** The bearer secret (`mlops_...`); only its sha256 is stored. */
  readonly token: string;
}

/** One grant of a permission on a resource to a user or a group. */
export interface PermissionGrant {
  readonly principalKind: 'user' | 'group';
  readonly principalName: string;
  /** `experiment`, `registeredModel`, `study` or `deployment`. */
  readonly resourceKind: string;
  /** The experiment id, the registered model's or deployment's name, or the study id. */
  readonly resourceId: string;
  readonly permission: PermissionLevel;
}

/** A session's tokens, as `POST /api/v1/auth/login` and `/refresh` answer them. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
}
