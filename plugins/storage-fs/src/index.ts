import { storageFsPlugin } from './storageFsPlugin.js';

export { FsBlobStore } from './FsBlobStore.js';
export { FsMultipartUploads } from './FsMultipartUploads.js';
export { type FsStorage, openFsStorage } from './openFsStorage.js';
export { defaultRoot, type StorageFsOptions } from './options.js';
export { maxKeyBytes } from './StorageLayout.js';
export { storageFsPlugin };

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default storageFsPlugin;
