import { httpPlugin } from './httpPlugin.js';

export { httpMiddleware } from './httpMiddleware.js';
export type { CorsOptions, HttpOptions, RateLimit } from './options.js';
export { httpPlugin };

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default httpPlugin;
