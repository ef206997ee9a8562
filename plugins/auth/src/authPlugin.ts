import {
  Auth,
  Database,
  definePlugin,
  HttpRoutes,
  IdentityProvider,
  LoggedModels,
  Tracking,
} from '@mlops/plugin-api';
import { bootstrapAdmin } from './bootstrapAdmin.js';
import { authCommands } from './commands/authCommands.js';
import { type AuthServices, createAuthServices } from './createAuthServices.js';
import { directoryRoutes } from './http/directoryRoutes.js';
import { mlflowAuthRoutes } from './http/mlflowAuthRoutes.js';
import { permissionRoutes } from './http/permissionRoutes.js';
import { sessionRoutes } from './http/sessionRoutes.js';
import { listenForResourceChanges } from './listenForResourceChanges.js';
import { migrations } from './migrations/index.js';
import { type AuthOptions, authOptionsSchema } from './options.js';

const services = new WeakMap<object, AuthServices>();

/**
 * Authentication and authorisation: local users (scrypt), API tokens, JWT sessions with refresh,
 * HTTP Basic (MLflow clients' `MLFLOW_TRACKING_USERNAME/PASSWORD`) and Bearer
 * (`MLFLOW_TRACKING_TOKEN`), IdentityProviders (LDAP) before local users, groups, and MLflow-style
 * READ < EDIT < MANAGE permissions on experiments and registered models (creators get MANAGE).
 * With the http plugin, every route is then checked; adds `/api/v1/auth/*`, users, groups,
 * tokens and permission routes, and `mlops users|groups|tokens|permissions`.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), httpPlugin(), trackingPlugin(), registryPlugin(),
 *     authPlugin({ admin: { username: 'admin', passwordEnv: 'MLOPS_ADMIN_PASSWORD' } })],
 * });
 */
export const authPlugin = definePlugin<AuthOptions>({
  name: '@mlops/plugin-auth',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'users, API tokens, JWT sessions, HTTP Basic, groups and per-resource permissions',
  provides: [Auth],
  requires: [Database],
  optional: [HttpRoutes, IdentityProvider],
  late: [Tracking, LoggedModels],
  configSchema: authOptionsSchema,
  async setup(ctx) {
    const db = await ctx.get(Database).forPlugin(ctx.name, migrations);
    const built = await createAuthServices(db, ctx.options, ctx.logger, {
      providers: () => ctx.getAll(IdentityProvider),
      tracking: () => ctx.find(Tracking),
      loggedModels: () => ctx.find(LoggedModels),
    });
    services.set(ctx, built);
    ctx.provide(Auth, built.auth);
    listenForResourceChanges({ hooks: ctx.hooks, logger: ctx.logger, ...built });
    ctx
      .find(HttpRoutes)
      ?.add(
        ...sessionRoutes(built),
        ...directoryRoutes(built.directory),
        ...permissionRoutes(built.directory),
        ...mlflowAuthRoutes(built.directory),
      );
    for (const command of authCommands(built.directory)) ctx.addCommand(command);
  },
  async start(ctx) {
    const built = services.get(ctx);
    if (ctx.options.admin !== undefined && built !== undefined) {
      await bootstrapAdmin(ctx.options.admin, process.env, built.users, built.hasher, ctx.logger);
    }
  },
});
