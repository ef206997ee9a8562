import {
  type InferenceRequest,
  type InferenceResponse,
  type InferenceTensor,
  InternalError,
  type TensorSpec,
} from '@mlops/plugin-api';

/** True when every tensor of the signature has a free first dimension, so requests can be stacked on it. */
export function isBatchable(inputs: readonly TensorSpec[], outputs: readonly TensorSpec[]): boolean {
  return [...inputs, ...outputs].every((s) => s.shape.length >= 1 && s.shape[0]! < 0);
}

/** Requests that can share a batch have the same key: the same outputs and trailing shapes. */
export function batchKey(request: InferenceRequest): string {
  const inputs = [...request.inputs]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((t) => `${t.name}:${t.shape.slice(1).join('x')}`);
  return `${inputs.join(',')}|${(request.outputs ?? []).join(',')}`;
}

/** The rows (first dimension) of a request. */
export function rowsOf(request: InferenceRequest): number {
  return request.inputs[0]?.shape[0] ?? 0;
}

/** One request of `requests` (same key, flat data) stacked along the first dimension. */
export function concatRequests(requests: readonly InferenceRequest[]): InferenceRequest {
  const [first] = requests;
  const inputs: InferenceTensor[] = first!.inputs.map((tensor) => {
    const data: (number | string | boolean)[] = [];
    let rows = 0;
    for (const request of requests) {
      const own = request.inputs.find((t) => t.name === tensor.name)!;
      for (const value of own.data) data.push(value);
      rows += own.shape[0]!;
    }
    return { name: tensor.name, datatype: tensor.datatype, shape: [rows, ...tensor.shape.slice(1)], data };
  });
  return { inputs, ...(first!.outputs === undefined ? {} : { outputs: first!.outputs }) };
}

/**
 * The answer to a stacked request cut back into one answer per request, in order.
 * @throws InternalError when an output's first dimension is not the batch's rows.
 */
export function splitResponse(response: InferenceResponse, rows: readonly number[]): InferenceResponse[] {
  const total = rows.reduce((a, b) => a + b, 0);
  for (const output of response.outputs) {
    if (output.shape[0] !== total) {
      throw new InternalError(
        `output "${output.name}" has ${output.shape[0]} rows for a batch of ${total}: the model does not batch on its first dimension`,
      );
    }
  }
  let offset = 0;
  return rows.map((count) => {
    const outputs = response.outputs.map((output) => {
      const width = output.shape.slice(1).reduce((a, b) => a * b, 1);
      return {
        ...output,
        shape: [count, ...output.shape.slice(1)],
        data: output.data.slice(offset * width, (offset + count) * width),
      };
    });
    offset += count;
    return { ...response, outputs };
  });
}
