/** The version of this package, checked by the kernel against each plugin's `apiVersion` range. */
export const PLUGIN_API_VERSION = '0.1.0';
