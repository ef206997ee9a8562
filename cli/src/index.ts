export { type CliIo, processIo } from './CliIo.js';
export { defaultPlugins } from './defaultPlugins.js';
export { describePlugins } from './describePlugins.js';
export { createPlatformKernel, loadPlatform, type Platform } from './loadPlatform.js';
export { runCli } from './runCli.js';
