export { type CliIo, type CliTerminal, processIo } from './CliIo.js';
export { ExitCode } from './commands/remote/exitCodes.js';
export { defaultPlugins } from './defaultPlugins.js';
export { describePlugins } from './describePlugins.js';
export { createPlatformKernel, loadPlatform, type Platform } from './loadPlatform.js';
export { runCli } from './runCli.js';
