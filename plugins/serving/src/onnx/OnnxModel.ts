import {
  type InferenceRequest,
  type InferenceResponse,
  type InferenceTensor,
  InvalidArgumentError,
  type LoadedModel,
  type TensorSpec,
} from '@mlops/plugin-api';
import ort from 'onnxruntime-node';
import { checkInferenceRequest } from '../tensors/checkInferenceRequest.js';
import { datatypeOfOrtType, ortTypeOfDatatype } from './onnxDatatypes.js';

/** Options of the `onnx` backend, per deployment. */
export interface OnnxModelOptions {
  /** Threads onnxruntime uses inside one operator; 1 keeps a small model from fighting the event loop. */
  readonly intraOpThreads: number;
  /** Predictions run on zeros after load, so the first request does not pay for lazy initialisation. */
  readonly warmupRuns: number;
}

function specsOf(metadata: readonly ort.InferenceSession.ValueMetadata[], kind: string): TensorSpec[] {
  return metadata.map((m) => {
    const datatype = m.isTensor ? datatypeOfOrtType(m.type) : undefined;
    if (!m.isTensor || datatype === undefined) {
      throw new InvalidArgumentError(
        `the model's ${kind} "${m.name}" is ${m.isTensor ? `a ${m.type} tensor` : 'not a tensor'}, which cannot be served`,
        { field: 'source', reason: 'unsupported_signature' },
      );
    }
    return { name: m.name, datatype, shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
  });
}

function toOrtTensor(tensor: InferenceTensor): ort.Tensor {
  const dims = [...tensor.shape];
  const data = tensor.data;
  switch (tensor.datatype) {
    case 'FP32':
      return new ort.Tensor('float32', Float32Array.from(data as number[]), dims);
    case 'FP64':
      return new ort.Tensor('float64', Float64Array.from(data as number[]), dims);
    case 'INT64':
      return new ort.Tensor('int64', BigInt64Array.from(data as number[], BigInt), dims);
    case 'UINT64':
      return new ort.Tensor('uint64', BigUint64Array.from(data as number[], BigInt), dims);
    case 'BOOL':
      return new ort.Tensor('bool', Uint8Array.from(data as boolean[], Number), dims);
    case 'BYTES':
      return new ort.Tensor('string', data as string[], dims);
    case 'FP16':
      throw new InvalidArgumentError(`input "${tensor.name}": FP16 inputs are not supported`, {
        field: `inputs/${tensor.name}`,
        reason: 'bad_datatype',
      });
    default:
      return new ort.Tensor(ortTypeOfDatatype(tensor.datatype) as 'int32', data as number[], dims);
  }
}

function fromOrtTensor(name: string, spec: TensorSpec, value: ort.Tensor): InferenceTensor {
  const raw = value.data as ArrayLike<number | bigint | string>;
  let data: (number | string | boolean)[];
  if (spec.datatype === 'BOOL') data = Array.from(raw as ArrayLike<number>, (v) => v !== 0);
  else if (spec.datatype === 'BYTES') data = Array.from(raw as ArrayLike<string>);
  else data = Array.from(raw, Number);
  return { name, datatype: spec.datatype, shape: [...value.dims], data };
}

function zeros(spec: TensorSpec): InferenceTensor {
  const shape = spec.shape.map((d) => (d < 0 ? 1 : d));
  const count = shape.reduce((a, b) => a * b, 1);
  const value = spec.datatype === 'BOOL' ? false : spec.datatype === 'BYTES' ? '' : 0;
  return { name: spec.name, datatype: spec.datatype, shape, data: new Array(count).fill(value) };
}

/** One ONNX model in an onnxruntime CPU session, with the signature read from the session. */
export class OnnxModel implements LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  private warmedUp = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly modelName: string,
    private readonly modelVersion: string,
  ) {
    this.inputs = specsOf(session.inputMetadata, 'input');
    this.outputs = specsOf(session.outputMetadata, 'output');
  }

  /**
   * Opens a session on `bytes` and warms it up.
   * @throws InvalidArgumentError (field `source`) when the bytes are no ONNX model onnxruntime can
   * run, or its signature has a type that cannot be served.
   */
  static async open(
    bytes: Uint8Array,
    names: { readonly model: string; readonly version: string },
    options: OnnxModelOptions,
  ): Promise<OnnxModel> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: ['cpu'],
        intraOpNumThreads: options.intraOpThreads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (err) {
      throw new InvalidArgumentError(`onnxruntime cannot load the model: ${(err as Error).message}`, {
        field: 'source',
        reason: 'bad_model',
      });
    }
    try {
      const model = new OnnxModel(session, names.model, names.version);
      await model.warmUp(options.warmupRuns);
      return model;
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  private async warmUp(runs: number): Promise<void> {
    const request = { inputs: this.inputs.map(zeros) };
    for (let i = 0; i < runs; i++) await this.predict(request);
    this.warmedUp = true;
  }

  async ready(): Promise<boolean> {
    return this.warmedUp;
  }

  async predict(request: InferenceRequest): Promise<InferenceResponse> {
    const checked = checkInferenceRequest(request, this.inputs, this.outputs);
    const feeds: Record<string, ort.Tensor> = {};
    for (const tensor of checked.inputs) feeds[tensor.name] = toOrtTensor(tensor);
    const wanted = checked.outputs ?? this.outputs.map((o) => o.name);
    const results = await this.session.run(feeds, [...wanted]);
    return {
      ...(request.id === undefined ? {} : { id: request.id }),
      modelName: this.modelName,
      modelVersion: this.modelVersion,
      outputs: wanted.map((name) =>
        fromOrtTensor(name, this.outputs.find((o) => o.name === name)!, results[name] as ort.Tensor),
      ),
    };
  }

  async unload(): Promise<void> {
    await this.session.release();
  }
}
