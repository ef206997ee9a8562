import { registryPlugin } from './registryPlugin.js';

export type { MetricGateOptions, MetricRule } from './gate/metricGateOptions.js';
export { metricGatePlugin } from './gate/metricGatePlugin.js';
export type { RegistryOptions } from './options.js';
export { registryPlugin };
/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default registryPlugin;
