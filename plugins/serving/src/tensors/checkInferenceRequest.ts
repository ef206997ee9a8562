import {
  type InferenceRequest,
  type InferenceTensor,
  InvalidArgumentError,
  type TensorDatatype,
  type TensorSpec,
} from '@mlops/plugin-api';

const integerRanges: Partial<Record<TensorDatatype, readonly [number, number]>> = {
  INT8: [-(2 ** 7), 2 ** 7 - 1],
  INT16: [-(2 ** 15), 2 ** 15 - 1],
  INT32: [-(2 ** 31), 2 ** 31 - 1],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UINT8: [0, 2 ** 8 - 1],
  UINT16: [0, 2 ** 16 - 1],
  UINT32: [0, 2 ** 32 - 1],
  UINT64: [0, Number.MAX_SAFE_INTEGER],
};

function bad(name: string, message: string, reason: string): InvalidArgumentError {
  return new InvalidArgumentError(`input "${name}" ${message}`, { field: `inputs/${name}`, reason });
}

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** KServe JSON allows `data` nested as the shape, or flat in row-major order. */
function flatten(data: readonly unknown[]): unknown[] {
  return data.some(Array.isArray) ? (data as unknown[]).flat(Number.POSITIVE_INFINITY) : (data as unknown[]);
}

function valueProblem(datatype: TensorDatatype, value: unknown): string | undefined {
  if (datatype === 'BOOL') return typeof value === 'boolean' ? undefined : 'is not a boolean';
  if (datatype === 'BYTES') return typeof value === 'string' ? undefined : 'is not a string';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a finite number';
  const range = integerRanges[datatype];
  if (range === undefined) return undefined;
  if (!Number.isInteger(value)) return `is not an integer (${datatype})`;
  return value < range[0] || value > range[1] ? `is out of the range of ${datatype}` : undefined;
}

function checkTensor(tensor: InferenceTensor, spec: TensorSpec): InferenceTensor {
  const { name } = tensor;
  if (tensor.datatype !== spec.datatype) {
    throw bad(name, `has datatype ${tensor.datatype}, but the model takes ${spec.datatype}`, 'bad_datatype');
  }
  const shape = tensor.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw bad(name, 'has a shape that is not a list of non-negative integers', 'bad_shape');
  }
  const fits =
    spec.shape.length === 0 ||
    (shape.length === spec.shape.length && spec.shape.every((d, i) => d < 0 || d === shape[i]));
  if (!fits) {
    throw bad(
      name,
      `has shape ${formatShape(shape)}, but the model takes ${formatShape(spec.shape)}`,
      'bad_shape',
    );
  }
  if (!Array.isArray(tensor.data)) throw bad(name, 'has no data list', 'bad_data');
  const data = flatten(tensor.data);
  const expected = shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw bad(
      name,
      `has ${data.length} values, but shape ${formatShape(shape)} holds ${expected}`,
      'bad_data',
    );
  }
  for (let i = 0; i < data.length; i++) {
    const problem = valueProblem(spec.datatype, data[i]);
    if (problem !== undefined)
      throw bad(name, `value ${JSON.stringify(data[i])} at index ${i} ${problem}`, 'bad_data');
  }
  return data === tensor.data ? tensor : { ...tensor, data: data as InferenceTensor['data'] };
}

/**
 * Checks a request against a model's signature, and returns it with every input's data flat
 * (KServe JSON may nest it).
 * @throws InvalidArgumentError `input "<name>" ...` (field `inputs/<name>`) for a missing, unknown,
 * repeated or malformed input (datatype, shape, value count, value types); `output "<name>" ...`
 * for an unknown requested output.
 */
export function checkInferenceRequest(
  request: InferenceRequest,
  inputs: readonly TensorSpec[],
  outputs: readonly TensorSpec[],
): InferenceRequest {
  if (!Array.isArray(request.inputs) || request.inputs.length === 0) {
    throw new InvalidArgumentError('inputs must be a non-empty list of tensors', { field: 'inputs' });
  }
  const seen = new Set<string>();
  const checked = request.inputs.map((tensor) => {
    const name = String(tensor?.name);
    const spec = inputs.find((s) => s.name === name);
    if (spec === undefined) {
      throw bad(
        name,
        `is not an input of the model (its inputs: ${inputs.map((s) => s.name).join(', ')})`,
        'unknown_input',
      );
    }
    if (seen.has(name)) throw bad(name, 'is given more than once', 'repeated_input');
    seen.add(name);
    return checkTensor(tensor, spec);
  });
  const missing = inputs.find((s) => !seen.has(s.name));
  if (missing !== undefined) throw bad(missing.name, 'is missing', 'missing_input');
  for (const wanted of request.outputs ?? []) {
    if (!outputs.some((s) => s.name === wanted)) {
      throw new InvalidArgumentError(
        `output "${wanted}" is not an output of the model (its outputs: ${outputs.map((s) => s.name).join(', ')})`,
        { field: `outputs/${wanted}`, reason: 'unknown_output' },
      );
    }
  }
  return { ...request, inputs: checked };
}
