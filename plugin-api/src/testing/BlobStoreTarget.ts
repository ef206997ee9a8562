import type { BlobStore } from '../ports/BlobStore.js';

/** A store under test, as the `open` function of {@link describeBlobStoreConformance} returns it. */
export interface BlobStoreTarget {
  readonly store: BlobStore;
  /** Releases what `open` made (a server, a temp dir); runs once, after the suite. */
  close?(): Promise<void>;
  /**
   * Changes the stored bytes of `key` out of band (a flipped byte in the file, say), so the suite
   * can check that a full read then fails with DataLossError. Without it, that case is skipped.
   */
  corrupt?(key: string): Promise<void>;
}
