import { storageS3Plugin } from './storageS3Plugin.js';

export type { ChecksumMode, S3Credentials, StorageS3Options } from './options.js';
export { defaultPartSizeBytes, maxPresignSeconds } from './options.js';
export { storageS3Plugin };
/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default storageS3Plugin;
