import type { InferenceResponse } from '@mlops/plugin-api';
import { unflatten } from '../tensors/nestedShape.js';

/**
 * The `predictions` of an MLflow scoring answer: the output as a nested list (one item per row)
 * when the model has one output, else an object of them by output name.
 */
export function mlflowPredictions(answer: InferenceResponse): unknown {
  const nested = answer.outputs.map((o) => [o.name, unflatten(o.data, o.shape)] as const);
  return nested.length === 1 ? nested[0]![1] : Object.fromEntries(nested);
}
