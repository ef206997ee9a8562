import { servingPlugin } from './servingPlugin.js';

export {
  AdaptiveBatchPolicy,
  type BatchDecision,
  type BatchPolicy,
  type BatchQueueState,
  type DispatchReason,
  UnbatchedPolicy,
  WindowBatchPolicy,
} from './batching/BatchPolicy.js';
export type { LoadedOnnxModel } from './onnx/OnnxBackend.js';
export { OnnxBackend, onnxOptionsSchema } from './onnx/OnnxBackend.js';
export type { BatchingOptions, PredictionLogOptions, ServingOptions } from './options.js';
export { servingOptionsSchema } from './options.js';
export { servingPlugin };
export default servingPlugin;
