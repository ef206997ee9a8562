import { FailedPreconditionError, type Logger } from '@mlops/plugin-api';
import type { AdminBootstrap } from './options.js';
import type { PasswordHasher } from './PasswordHasher.js';
import type { UserStore } from './store/UserStore.js';
import { validateName, validatePassword } from './store/validateName.js';

/**
 * Creates the configured administrator, or makes the existing user an enabled admin with the
 * password from the environment. Logs the user name, never the password.
 * @throws FailedPreconditionError when the environment variable is unset or the password too short.
 */
export async function bootstrapAdmin(
  admin: AdminBootstrap,
  env: NodeJS.ProcessEnv,
  users: UserStore,
  hasher: PasswordHasher,
  logger: Logger,
): Promise<void> {
  validateName(admin.username, 'admin.username');
  const password = env[admin.passwordEnv];
  if (password === undefined || password === '') {
    throw new FailedPreconditionError(
      `admin.passwordEnv names the environment variable ${admin.passwordEnv}, which is not set`,
      { field: 'admin.passwordEnv' },
    );
  }
  validatePassword(password, `the password in ${admin.passwordEnv}`);
  const existing = await users.find(admin.username);
  if (
    existing !== undefined &&
    existing.password_hash !== null &&
    (await hasher.verify(password, existing.password_hash))
  ) {
    if (!existing.is_admin || existing.disabled)
      await users.update(admin.username, { isAdmin: true, disabled: false });
    return;
  }
  const hash = await hasher.hash(password);
  if (existing === undefined) {
    await users.create(admin.username, hash, true);
    logger.info({ username: admin.username }, `created administrator "${admin.username}"`);
  } else {
    await users.update(admin.username, { passwordHash: hash, isAdmin: true, disabled: false });
    logger.info({ username: admin.username }, `updated administrator "${admin.username}"`);
  }
}
