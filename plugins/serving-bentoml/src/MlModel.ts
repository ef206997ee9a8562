import { InvalidArgumentError, type TensorDatatype, type TensorSpec } from '@mlops/plugin-api';
import { parse } from 'yaml';

/** The flavours a Bento project can be generated for, most specific first. */
export type BentoFlavour = 'onnx' | 'sklearn' | 'pytorch' | 'python_function';

/** What an MLflow model's `MLmodel` file says that matters to serving it with BentoML. */
export interface MlModel {
  /** The flavour the generated service loads the model with. */
  readonly flavour: BentoFlavour;
  /** The flavour's own settings (`onnx.data`, `sklearn.pickled_model`, `pytorch.pytorch_version`...). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The tensor signature's inputs; empty when the model has none (or a column-based one). */
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** `python_function.python_version`, when recorded. */
  readonly pythonVersion?: string;
}

const flavours: readonly BentoFlavour[] = ['onnx', 'sklearn', 'pytorch', 'python_function'];

const numpyToDatatype: Readonly<Record<string, TensorDatatype>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  str: 'BYTES',
  object: 'BYTES',
};

/** The numpy dtype of an Open Inference Protocol datatype (`FP32` -> `float32`). */
export function numpyDtypeOf(datatype: TensorDatatype): string {
  const found = Object.entries(numpyToDatatype).find(([, d]) => d === datatype);
  return found === undefined || datatype === 'BYTES' ? 'object' : found[0];
}

/** The Open Inference Protocol datatype of a numpy dtype name, or undefined for one it lacks. */
export function datatypeOfNumpy(dtype: string): TensorDatatype | undefined {
  return numpyToDatatype[dtype];
}

/**
 * Reads an `MLmodel` file (YAML, as `mlflow.<flavour>.log_model` writes it) and picks the flavour a
 * BentoML service will load: onnx, sklearn, pytorch, else the generic python_function.
 * @throws InvalidArgumentError (field `MLmodel`) for a file that is not YAML, or that has none of
 * these flavours.
 */
export function parseMlModel(text: string): MlModel {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new InvalidArgumentError(
      `MLmodel is not valid YAML: ${(err as Error).message}`,
      { field: 'MLmodel' },
      { cause: err },
    );
  }
  const root = isRecord(doc) ? doc : {};
  const declared = isRecord(root.flavors) ? root.flavors : {};
  const flavour = flavours.find((f) => isRecord(declared[f]));
  if (flavour === undefined) {
    const names = Object.keys(declared).join(', ') || 'none';
    throw new InvalidArgumentError(
      `MLmodel has no flavour a Bento can serve (found: ${names}; expected one of ${flavours.join(', ')})`,
      { field: 'MLmodel', reason: 'unsupported_flavour' },
    );
  }
  const signature = isRecord(root.signature) ? root.signature : {};
  const pyfunc = declared.python_function;
  const pythonVersion =
    isRecord(pyfunc) && typeof pyfunc.python_version === 'string' ? pyfunc.python_version : undefined;
  return {
    flavour,
    settings: declared[flavour] as Record<string, unknown>,
    inputs: tensorSpecs(signature.inputs, 'input'),
    outputs: tensorSpecs(signature.outputs, 'output'),
    ...(pythonVersion === undefined ? {} : { pythonVersion }),
  };
}

/**
 * MLflow stores each side of a signature as a JSON string: tensor-based
 * (`[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}, "name": "x"}]`) or
 * column-based. Only the tensor-based kind maps to tensors; unnamed tensors get `input_<i>`.
 */
function tensorSpecs(side: unknown, prefix: string): TensorSpec[] {
  if (typeof side !== 'string') return [];
  let items: unknown;
  try {
    items = JSON.parse(side);
  } catch (err) {
    throw new InvalidArgumentError(
      `MLmodel signature ${prefix}s are not JSON`,
      { field: 'MLmodel' },
      { cause: err },
    );
  }
  if (!Array.isArray(items)) return [];
  const specs: TensorSpec[] = [];
  for (const [i, item] of items.entries()) {
    if (!isRecord(item) || item.type !== 'tensor' || !isRecord(item['tensor-spec'])) return [];
    const spec = item['tensor-spec'];
    const datatype = typeof spec.dtype === 'string' ? datatypeOfNumpy(spec.dtype) : undefined;
    if (datatype === undefined) return [];
    const shape = Array.isArray(spec.shape)
      ? spec.shape.filter((d): d is number => typeof d === 'number')
      : [-1];
    specs.push({ name: typeof item.name === 'string' ? item.name : `${prefix}_${i}`, datatype, shape });
  }
  return specs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
