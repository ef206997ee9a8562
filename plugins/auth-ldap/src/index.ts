import { authLdapPlugin } from './authLdapPlugin.js';

export type { AuthLdapOptions, LdapGroupMapping, LdapTlsOptions } from './options.js';
export { authLdapPlugin };
/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default authLdapPlugin;
