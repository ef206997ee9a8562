import { storeSqlPlugin } from './storeSqlPlugin.js';

export type { PoolOptions, SqliteOptions, SslOptions, StoreSqlOptions } from './options.js';
export { storeSqlPlugin };
/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default storeSqlPlugin;
