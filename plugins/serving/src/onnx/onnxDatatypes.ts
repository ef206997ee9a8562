import type { TensorDatatype } from '@mlops/plugin-api';
import type { Tensor } from 'onnxruntime-node';

/** Open Inference Protocol datatypes of onnxruntime's tensor types; types without one are not served. */
const byOrtType: Partial<Record<Tensor.Type, TensorDatatype>> = {
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
  string: 'BYTES',
};

/** The KServe datatype of an onnxruntime tensor type, or undefined for one we cannot serve (int4...). */
export function datatypeOfOrtType(type: Tensor.Type): TensorDatatype | undefined {
  return byOrtType[type];
}

/** The onnxruntime tensor type of a KServe datatype. */
export function ortTypeOfDatatype(datatype: TensorDatatype): Tensor.Type {
  const found = (Object.keys(byOrtType) as Tensor.Type[]).find((t) => byOrtType[t] === datatype);
  if (found === undefined) throw new Error(`no onnxruntime type for ${datatype}`);
  return found;
}
