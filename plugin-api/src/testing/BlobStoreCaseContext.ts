import type { BlobStore } from '../ports/BlobStore.js';
import type { BlobStoreTarget } from './BlobStoreTarget.js';

/** What each group of conformance cases gets from the suite that holds it. */
export interface BlobStoreCaseContext {
  /** The target `open` returned; only valid inside hooks and tests. */
  target(): BlobStoreTarget;
  /** The store of {@link BlobStoreCaseContext.target}. */
  store(): BlobStore;
  /** `name` under this run's own prefix, so that runs and cases never see each other's objects. */
  key(name: string): string;
}
