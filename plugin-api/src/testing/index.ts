export type { BlobStoreTarget } from './BlobStoreTarget.js';
export {
  createTestKernel,
  type LogLine,
  type TestKernel,
  type TestKernelOptions,
} from './createTestKernel.js';
export { describeBlobStoreConformance } from './describeBlobStoreConformance.js';
export * from './describeDatabaseConformance.js';
export { rejectionOf } from './rejectionOf.js';
