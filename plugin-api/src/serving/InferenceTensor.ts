/** Open Inference Protocol (KServe v2) datatypes. */
export type TensorDatatype =
  | 'BOOL'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FP16'
  | 'FP32'
  | 'FP64'
  | 'BYTES';

/** Every {@link TensorDatatype}, in the Open Inference Protocol's order (for schemas and checks). */
export const tensorDatatypes: readonly TensorDatatype[] = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
];

/** One named tensor of an inference request or response, flattened row-major as in KServe v2 JSON. */
export interface InferenceTensor {
  readonly name: string;
  readonly datatype: TensorDatatype;
  readonly shape: readonly number[];
  readonly data: readonly (number | string | boolean)[];
  readonly parameters?: Record<string, unknown>;
}

/** A request in the Open Inference Protocol's shape: what every serving backend accepts. */
export interface InferenceRequest {
  /** Correlates logs, traffic assignments and outcomes; set by the serving plugin when absent. */
  readonly id?: string;
  readonly inputs: readonly InferenceTensor[];
  /** Names of the outputs wanted; all of them when absent. */
  readonly outputs?: readonly string[];
  readonly parameters?: Record<string, unknown>;
}

/** A response in the Open Inference Protocol's shape. */
export interface InferenceResponse {
  readonly id?: string;
  readonly modelName: string;
  readonly modelVersion?: string;
  readonly outputs: readonly InferenceTensor[];
}
