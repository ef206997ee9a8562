import { memoryBlobStorePlugin } from './memoryBlobStorePlugin.js';

export { artifactKeyOf, blobSourceScheme } from './artifactKeyOf.js';
export { type MemoryBlob, MemoryBlobStore } from './MemoryBlobStore.js';
export { memoryBlobStorePlugin } from './memoryBlobStorePlugin.js';
export { defaultMaxBytes, type MemoryBlobStoreOptions } from './options.js';

/** The plugin factory again, as the default export, so JSON and YAML configs can load it by package name. */
export default memoryBlobStorePlugin;
