import { UnauthenticatedError } from '@mlops/plugin-api';
import type { SessionTokens } from './AuthEntities.js';
import type { JwtSigner } from './JwtSigner.js';
import type { PasswordLogin } from './PasswordLogin.js';
import type { SessionStore } from './store/SessionStore.js';
import type { UserRow, UserStore } from './store/UserStore.js';

const badRefresh = () =>
  new UnauthenticatedError('invalid, expired or already used refresh token', { reason: 'bad_token' });

/**
 * Sessions: a password login answers a short-lived access JWT and a refresh JWT naming a stored
 * session. A refresh token works once: refreshing closes its session and opens the next, so a
 * stolen refresh token that was already used is refused.
 */
export class SessionService {
  constructor(
    private readonly deps: {
      readonly passwords: PasswordLogin;
      readonly users: UserStore;
      readonly sessions: SessionStore;
      readonly jwt: JwtSigner;
      readonly accessTtlSeconds: number;
      readonly refreshTtlSeconds: number;
    },
  ) {}

  /** @throws what {@link PasswordLogin.check} throws. */
  async login(username: string, password: string, ip: string | undefined): Promise<SessionTokens> {
    const { user } = await this.deps.passwords.check(username, password, ip);
    return this.issue(user);
  }

  /** @throws UnauthenticatedError for a bad, expired or used refresh token, or a disabled user. */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const claims = await this.deps.jwt.verify('refresh', refreshToken);
    if (claims?.sessionId === undefined) throw badRefresh();
    const user = await this.deps.users.find(claims.username);
    if (user === undefined || user.disabled) throw badRefresh();
    if (!(await this.deps.sessions.close(claims.sessionId, user.user_id))) throw badRefresh();
    return this.issue(user);
  }

  /** Ends the session of a refresh token; one already ended is no error. */
  async logout(refreshToken: string): Promise<void> {
    const claims = await this.deps.jwt.verify('refresh', refreshToken);
    if (claims?.sessionId === undefined) throw badRefresh();
    const user = await this.deps.users.find(claims.username);
    if (user !== undefined) await this.deps.sessions.close(claims.sessionId, user.user_id);
  }

  private async issue(user: UserRow): Promise<SessionTokens> {
    const sessionId = await this.deps.sessions.open(user.user_id, this.deps.refreshTtlSeconds);
    return {
      accessToken: await this.deps.jwt.sign('access', user.username, this.deps.accessTtlSeconds),
      refreshToken: await this.deps.jwt.sign(
        'refresh',
        user.username,
        this.deps.refreshTtlSeconds,
        sessionId,
      ),
      expiresIn: this.deps.accessTtlSeconds,
    };
  }
}
