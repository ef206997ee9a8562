import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** Refresh sessions in `auth_sessions`: each refresh token names one, used once then replaced. */
export class SessionStore {
  constructor(private readonly db: Knex) {}

  /** Opens a session for a user, valid `ttlSeconds`; answers its id. */
  async open(userId: number, ttlSeconds: number): Promise<string> {
    const sessionId = randomBytes(18).toString('base64url');
    const now = Date.now();
    await this.db('auth_sessions').insert({
      session_id: sessionId,
      user_id: userId,
      created_at: now,
      expires_at: now + ttlSeconds * 1000,
      revoked_at: null,
    });
    return sessionId;
  }

  /**
   * Ends an open, unexpired session of `userId` and answers true, or false when it was already
   * used, revoked or expired. Exactly one of two concurrent calls wins.
   */
  async close(sessionId: string, userId: number): Promise<boolean> {
    const n = await this.db('auth_sessions')
      .where({ session_id: sessionId, user_id: userId })
      .whereNull('revoked_at')
      .where('expires_at', '>', Date.now())
      .update({ revoked_at: Date.now() });
    return n === 1;
  }

  /** Ends every session of a user (password change, disabling). */
  async closeAll(userId: number): Promise<void> {
    await this.db('auth_sessions')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: Date.now() });
  }
}
