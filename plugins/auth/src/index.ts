import { authPlugin } from './authPlugin.js';

export type { ApiTokenInfo, NewApiToken, PermissionGrant, SessionTokens, User } from './AuthEntities.js';
export type { AdminBootstrap, AuthOptions, FailedLoginLimits, ScryptCost } from './options.js';
export type { PermissionLevel } from './PermissionLevel.js';
export { authPlugin };

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default authPlugin;
