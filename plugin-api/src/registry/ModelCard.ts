/** A model version's card: markdown generated from the version, its run, lineage and history. */
export interface ModelCard {
  readonly markdown: string;
  /** The BlobStore key it was also stored under; absent when no BlobStore is configured. */
  readonly blobKey?: string;
}
