export { checkApiVersion } from './checkApiVersion.js';
export { createKernel } from './createKernel.js';
export { createLogger, type LoggerOptions, redactedLogPaths } from './createLogger.js';
export type { SignalOptions } from './handleSignals.js';
export { KernelError } from './KernelError.js';
export { type KernelErrorCode, kernelErrorCodes } from './kernelErrorCodes.js';
export { kernelTokens, planKernel } from './planKernel.js';
export { describeAjvError, maskSecrets, validatePluginOptions } from './validatePluginOptions.js';
