import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Knex } from 'knex';

const issuer = 'mlops';
const audience = 'mlops';

/** The claims of a verified session JWT. */
export interface SessionClaims {
  readonly username: string;
  /** Refresh tokens only: the session they continue. */
  readonly sessionId?: string;
}

/**
 * Signs and verifies session JWTs (HS256): short-lived access tokens and refresh tokens that name
 * a session. The key comes from the options, or is generated once and kept in `auth_settings`
 * so every replica on the database shares it.
 */
export class JwtSigner {
  private constructor(private readonly key: Uint8Array) {}

  /** The signer with `secret`, or with the key stored in the database (made on first use). */
  static async open(db: Knex, secret: string | undefined): Promise<JwtSigner> {
    if (secret !== undefined) return new JwtSigner(new TextEncoder().encode(secret));
    const generated = randomBytes(32).toString('base64url');
    // Two replicas starting at once: one insert wins and both read the winner's key.
    await db('auth_settings').insert({ key: 'jwt_secret', value: generated }).onConflict('key').ignore();
    const row = (await db('auth_settings').where({ key: 'jwt_secret' }).first()) as { value: string };
    return new JwtSigner(new TextEncoder().encode(row.value));
  }

  /** A JWT of `type` for `username`, expiring in `ttlSeconds`. */
  sign(
    type: 'access' | 'refresh',
    username: string,
    ttlSeconds: number,
    sessionId?: string,
  ): Promise<string> {
    return new SignJWT({ typ: type, ...(sessionId === undefined ? {} : { sid: sessionId }) })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(username)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired JWT of `type`, or undefined for anything else. */
  async verify(
    type: 'access' | 'refresh',
    token: string,
  ): Promise<(SessionClaims & { expiresAt: number }) | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer, audience, algorithms: ['HS256'] });
      if (payload.typ !== type || typeof payload.sub !== 'string' || typeof payload.exp !== 'number')
        return undefined;
      if (type === 'refresh' && typeof payload.sid !== 'string') return undefined;
      return {
        username: payload.sub,
        expiresAt: payload.exp * 1000,
        ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
      };
    } catch {
      return undefined;
    }
  }
}
