import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { ApiTokenInfo, NewApiToken } from '../AuthEntities.js';
import type { UserRow } from './UserStore.js';

/** The prefix of API tokens, so a bearer secret is told from a JWT (and found by secret scanners). */
export const apiTokenPrefix = 'mlops_';

/** The sha256 of a token secret, as stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface TokenRow {
  readonly token_int: number;
  readonly token_id: string;
  readonly user_id: number;
  readonly name: string;
  readonly created_at: number | string;
  readonly expires_at: number | string;
  readonly last_used_at: number | string | null;
  readonly revoked_at: number | string | null;
  readonly username: string;
}

/** An active token with its owner, as authentication needs it. */
export interface ActiveToken {
  readonly tokenInt: number;
  readonly expiresAt: number;
  readonly user: UserRow;
}

/** API tokens in `auth_tokens`: random secrets shown once, stored as sha256. */
export class TokenStore {
  constructor(private readonly db: Knex) {}

  /** Makes a token for `user`, valid `ttlDays`; the answer is the only place its secret appears. */
  async create(user: UserRow, name: string, ttlDays: number): Promise<NewApiToken> {
    const token = `${apiTokenPrefix}${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const row = {
      token_id: `tok_${randomBytes(8).toString('hex')}`,
      user_id: user.user_id,
      name,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: now + ttlDays * 86_400_000,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db('auth_tokens').insert(row);
    return { ...toInfo({ ...row, token_int: 0, username: user.username }), token };
  }

  /** The unrevoked, unexpired token with this hash, and its (enabled) owner. */
  async findActive(hash: string, now: number): Promise<ActiveToken | undefined> {
    const row = (await this.db('auth_tokens as t')
      .join('auth_users as u', 'u.user_id', 't.user_id')
      .where('t.token_hash', hash)
      .whereNull('t.revoked_at')
      .where('t.expires_at', '>', now)
      .select('t.token_int', 't.expires_at', 'u.*')
      .first()) as (UserRow & { token_int: number; expires_at: number | string }) | undefined;
    if (row === undefined || row.disabled) return undefined;
    return { tokenInt: row.token_int, expiresAt: Number(row.expires_at), user: row };
  }

  /** Tokens of one user, or of everyone, newest first. */
  async list(username?: string): Promise<ApiTokenInfo[]> {
    const q = this.db('auth_tokens as t')
      .join('auth_users as u', 'u.user_id', 't.user_id')
      .select('t.*', 'u.username')
      .orderBy('t.created_at', 'desc')
      .orderBy('t.token_int', 'desc');
    if (username !== undefined) q.where('u.username', username);
    return ((await q) as TokenRow[]).map(toInfo);
  }

  /** The token with this public id. @throws NotFoundError `token "<id>" does not exist`. */
  async get(tokenId: string): Promise<ApiTokenInfo> {
    const row = (await this.db('auth_tokens as t')
      .join('auth_users as u', 'u.user_id', 't.user_id')
      .where('t.token_id', tokenId)
      .select('t.*', 'u.username')
      .first()) as TokenRow | undefined;
    if (row === undefined) throw new NotFoundError(`token "${tokenId}" does not exist`, { field: 'tokenId' });
    return toInfo(row);
  }

  /** Revokes a token (kept, for the record); revoking twice is no error. */
  async revoke(tokenId: string): Promise<ApiTokenInfo> {
    await this.get(tokenId);
    await this.db('auth_tokens')
      .where({ token_id: tokenId })
      .whereNull('revoked_at')
      .update({ revoked_at: Date.now() });
    return this.get(tokenId);
  }

  /** Records a use. */
  async touch(tokenInt: number, at: number): Promise<void> {
    await this.db('auth_tokens').where({ token_int: tokenInt }).update({ last_used_at: at });
  }
}

function toInfo(row: TokenRow): ApiTokenInfo {
  const time = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    tokenId: row.token_id,
    username: row.username,
    name: row.name,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    lastUsedAt: time(row.last_used_at),
    revokedAt: time(row.revoked_at),
  };
}
