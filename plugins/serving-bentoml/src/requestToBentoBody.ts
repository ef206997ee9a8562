import {
  type InferenceRequest,
  type InferenceTensor,
  InvalidArgumentError,
  type TensorSpec,
} from '@mlops/plugin-api';

/** A JSON value numpy turns into an array: nested lists of scalars. */
export type NestedData = number | string | boolean | NestedData[];

/**
 * The JSON body of `POST /<api_name>` for an Open Inference Protocol request: each input tensor
 * becomes the parameter of the same name, its flat row-major data nested by its shape (what
 * `ndarray.tolist()` gives and `np.array(...)` reads back). Inputs are checked against `specs`
 * first, so a bad tensor fails here with the same kind of error the service would give.
 * @throws InvalidArgumentError naming the input (`details.field` is its name): missing, unknown,
 * given twice, wrong datatype, a shape that does not match the spec, or data whose length is not
 * the shape's product.
 */
export function requestToBentoBody(
  request: InferenceRequest,
  specs: readonly TensorSpec[],
): Record<string, NestedData> {
  const body: Record<string, NestedData> = {};
  for (const tensor of request.inputs) {
    if (Object.hasOwn(body, tensor.name)) {
      throw new InvalidArgumentError(`input "${tensor.name}" is given twice`, { field: tensor.name });
    }
    const spec = specs.find((s) => s.name === tensor.name);
    if (spec === undefined && specs.length > 0) {
      throw new InvalidArgumentError(
        `input "${tensor.name}" is not an input of the model (expected: ${specs.map((s) => s.name).join(', ')})`,
        { field: tensor.name },
      );
    }
    if (spec !== undefined) checkAgainstSpec(tensor, spec);
    body[tensor.name] = nest(tensor);
  }
  const missing = specs.find((s) => !Object.hasOwn(body, s.name));
  if (missing !== undefined) {
    throw new InvalidArgumentError(`input "${missing.name}" is missing`, { field: missing.name });
  }
  return body;
}

function checkAgainstSpec(tensor: InferenceTensor, spec: TensorSpec): void {
  if (tensor.datatype !== spec.datatype) {
    throw new InvalidArgumentError(
      `input "${tensor.name}" has datatype ${tensor.datatype}, expected ${spec.datatype}`,
      { field: tensor.name, reason: 'datatype' },
    );
  }
  const fits =
    tensor.shape.length === spec.shape.length &&
    tensor.shape.every((d, i) => spec.shape[i]! < 0 || spec.shape[i] === d);
  if (!fits) {
    throw new InvalidArgumentError(
      `input "${tensor.name}" has shape [${tensor.shape.join(', ')}], expected [${spec.shape.join(', ')}]`,
      { field: tensor.name, reason: 'shape' },
    );
  }
}

function nest(tensor: InferenceTensor): NestedData {
  const size = tensor.shape.reduce((p, d) => p * d, 1);
  if (tensor.shape.some((d) => !Number.isInteger(d) || d < 0) || size !== tensor.data.length) {
    throw new InvalidArgumentError(
      `input "${tensor.name}" has ${tensor.data.length} values, but its shape [${tensor.shape.join(', ')}] holds ${size}`,
      { field: tensor.name, reason: 'shape' },
    );
  }
  const build = (offset: number, dims: readonly number[]): NestedData => {
    if (dims.length === 0) return tensor.data[offset]!;
    const [first, ...rest] = dims;
    const stride = rest.reduce((p, d) => p * d, 1);
    return Array.from({ length: first! }, (_, i) => build(offset + i * stride, rest));
  };
  return build(0, tensor.shape);
}
