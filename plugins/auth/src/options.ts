import type { JsonSchema } from '@mlops/plugin-api';
import { type PermissionLevel, permissionLevels } from './PermissionLevel.js';

/** The administrator created or updated at every start. */
export interface AdminBootstrap {
  /** The admin's user name. */
  readonly username: string;
  /** The environment variable holding the admin's password (never the password itself). */
  readonly passwordEnv: string;
}

/** Cost of scrypt, the password hash (`N`, `r`, `p` of RFC 7914). */
export interface ScryptCost {
  /** CPU and memory cost `N`, a power of two; memory is about 128 × N × r bytes. */
  readonly cost: number;
  /** Block size `r`. */
  readonly blockSize: number;
  /** Parallelisation `p`. */
  readonly parallelization: number;
}

/** Limits on failed password checks (HTTP Basic and `POST /api/v1/auth/login`). */
export interface FailedLoginLimits {
  /** Failed attempts allowed per user name within the window. */
  readonly maxPerUser: number;
  /** Failed attempts allowed per client address within the window. */
  readonly maxPerIp: number;
  /** The sliding window, in seconds. */
  readonly windowSeconds: number;
}

/** Options of {@link authPlugin}. */
export interface AuthOptions {
  /** What a user holds on an experiment or registered model nobody granted them anything on. */
  readonly defaultPermission: PermissionLevel;
  /** Creates or updates this administrator at start. */
  readonly admin?: AdminBootstrap;
  /**
   * The HS256 key of session JWTs (at least 32 characters). When absent, one is generated and
   * stored in the database, so every replica on that database shares it.
   */
  readonly jwtSecret?: string;
  /** Lifetime of a session's access token (a JWT), in seconds. */
  readonly accessTokenTtlSeconds: number;
  /** Lifetime of a session's refresh token, in seconds. */
  readonly refreshTokenTtlSeconds: number;
  /** Lifetime of an API token when its creator gives none, in days. */
  readonly tokenTtlDays: number;
  /**
   * How long a verified credential (API token, Basic password, user record) and a permission
   * lookup are reused without asking the database again, in milliseconds. Changes made through
   * this process apply at once; those made through another replica within this delay.
   */
  readonly cacheTtlMs: number;
  /** When every IdentityProvider says "unknown user", check the local users. */
  readonly fallbackToLocal: boolean;
  readonly failedLogins: FailedLoginLimits;
  /** scrypt's cost for new password hashes; stored hashes keep the cost they were made with. */
  readonly scrypt: ScryptCost;
}

/** JSON Schema of {@link AuthOptions}; the kernel fills in the defaults and masks `jwtSecret`. */
export const authOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    defaultPermission: { enum: permissionLevels, default: 'READ' },
    admin: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'passwordEnv'],
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 256 },
        passwordEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      },
    },
    jwtSecret: { type: 'string', minLength: 32, writeOnly: true },
    accessTokenTtlSeconds: { type: 'integer', minimum: 10, default: 900 },
    refreshTokenTtlSeconds: { type: 'integer', minimum: 60, default: 7 * 24 * 3600 },
    tokenTtlDays: { type: 'integer', minimum: 1, maximum: 3650, default: 90 },
    cacheTtlMs: { type: 'integer', minimum: 0, maximum: 600_000, default: 10_000 },
    fallbackToLocal: { type: 'boolean', default: true },
    failedLogins: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxPerUser: { type: 'integer', minimum: 1, default: 10 },
        maxPerIp: { type: 'integer', minimum: 1, default: 50 },
        windowSeconds: { type: 'integer', minimum: 1, default: 900 },
      },
    },
    scrypt: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        cost: { type: 'integer', minimum: 2, maximum: 1_048_576, default: 32_768 },
        blockSize: { type: 'integer', minimum: 1, maximum: 64, default: 8 },
        parallelization: { type: 'integer', minimum: 1, maximum: 16, default: 3 },
      },
    },
  },
};
