import {
  type InferenceTensor,
  InvalidArgumentError,
  type TensorDatatype,
  type TensorSpec,
  UnavailableError,
} from '@mlops/plugin-api';

/**
 * Output tensors from the JSON a BentoML API answered: an object gives one tensor per key whose
 * value is a number, boolean, string or rectangular nested list; any other answer is one tensor,
 * named after the single declared output (or `output`). Datatypes come from `specs` when declared,
 * else from the values (BOOL, INT64 for integers only, FP64, BYTES).
 * @throws InvalidArgumentError (field `outputs`) when `wanted` names an output the answer lacks;
 * UnavailableError when the answer is not tensors at all (a service that does not follow the spec).
 */
export function bentoAnswerToTensors(
  answer: unknown,
  specs: readonly TensorSpec[],
  wanted: readonly string[] | undefined,
  service: string,
): InferenceTensor[] {
  const entries: [string, unknown][] =
    typeof answer === 'object' && answer !== null && !Array.isArray(answer)
      ? Object.entries(answer)
      : [[specs.length === 1 ? specs[0]!.name : 'output', answer]];
  const tensors: InferenceTensor[] = [];
  for (const [name, value] of entries) {
    const flat = flatten(value);
    if (flat === undefined) {
      throw new UnavailableError(
        `${service} answered output "${name}" that is not a tensor: ${JSON.stringify(value).slice(0, 200)}`,
      );
    }
    const spec = specs.find((s) => s.name === name);
    tensors.push({
      name,
      datatype: spec?.datatype ?? datatypeOf(flat.data),
      shape: flat.shape,
      data: flat.data,
    });
  }
  if (wanted === undefined) return tensors;
  return wanted.map((name) => {
    const found = tensors.find((t) => t.name === name);
    if (found === undefined) {
      throw new InvalidArgumentError(
        `output "${name}" is not an output of the model (it answers: ${tensors.map((t) => t.name).join(', ')})`,
        { field: 'outputs' },
      );
    }
    return found;
  });
}

type Scalar = number | string | boolean;

/** Row-major data and shape of nested lists; undefined when they are ragged or hold other things. */
function flatten(value: unknown): { data: Scalar[]; shape: number[] } | undefined {
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const data: Scalar[] = [];
  const walk = (node: unknown, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof node !== 'number' && typeof node !== 'string' && typeof node !== 'boolean') return false;
      data.push(node);
      return true;
    }
    return (
      Array.isArray(node) && node.length === shape[depth] && node.every((child) => walk(child, depth + 1))
    );
  };
  return walk(value, 0) ? { data, shape } : undefined;
}

function datatypeOf(data: readonly Scalar[]): TensorDatatype {
  if (data.length > 0 && data.every((v) => typeof v === 'boolean')) return 'BOOL';
  if (data.some((v) => typeof v === 'string')) return 'BYTES';
  if (data.length > 0 && data.every((v) => Number.isInteger(v))) return 'INT64';
  return 'FP64';
}
