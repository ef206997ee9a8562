import { mulberry32 } from '@mlops/stats';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** A dense layer: `weights[i][j]` links input i to output j. */
export interface DenseLayer {
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

type ValueInfo = InstanceType<typeof onnx.ValueInfoProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;
type Node = InstanceType<typeof onnx.NodeProto>;

function floatTensor(name: string, dims: readonly number[], values: readonly number[]) {
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: [...values],
  });
}

/** A float tensor value with a free first dimension named `batch`. */
function batchedFloat(name: string, width: number): ValueInfo {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({
          dim: [
            onnx.TensorShapeProto.Dimension.create({ dimParam: 'batch' }),
            onnx.TensorShapeProto.Dimension.create({ dimValue: width }),
          ],
        }),
      }),
    }),
  });
}

function encodeModel(graph: InstanceType<typeof onnx.GraphProto>): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlops-test-models',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * A logistic regression: `probability = sigmoid(x · weights + bias)`, input `x` FP32 [batch, n],
 * output `probability` FP32 [batch, 1], opset 13.
 */
export function logisticRegressionModel(weights: readonly number[], bias: number): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: 'logistic_regression',
    initializer: [floatTensor('W', [weights.length, 1], weights), floatTensor('B', [1], [bias])],
    node: [
      onnx.NodeProto.create({ opType: 'MatMul', input: ['x', 'W'], output: ['z0'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['z0', 'B'], output: ['z'] }),
      onnx.NodeProto.create({ opType: 'Sigmoid', input: ['z'], output: ['probability'] }),
    ],
    input: [batchedFloat('x', weights.length)],
    output: [batchedFloat('probability', 1)],
  });
  return encodeModel(graph);
}

/**
 * A multi-layer perceptron: dense layers with ReLU between them (none after the last), input
 * `x` FP32 [batch, n], output `logits` FP32 [batch, k].
 */
export function mlpModel(layers: readonly DenseLayer[]): Uint8Array {
  const initializer: Tensor[] = [];
  const node: Node[] = [];
  let current = 'x';
  layers.forEach((layer, i) => {
    const rows = layer.weights.length;
    const cols = layer.bias.length;
    initializer.push(floatTensor(`W${i}`, [rows, cols], layer.weights.flat()));
    initializer.push(floatTensor(`B${i}`, [cols], layer.bias));
    const last = i === layers.length - 1;
    node.push(onnx.NodeProto.create({ opType: 'MatMul', input: [current, `W${i}`], output: [`m${i}`] }));
    node.push(
      onnx.NodeProto.create({
        opType: 'Add',
        input: [`m${i}`, `B${i}`],
        output: [last ? 'logits' : `a${i}`],
      }),
    );
    if (!last) node.push(onnx.NodeProto.create({ opType: 'Relu', input: [`a${i}`], output: [`h${i}`] }));
    current = `h${i}`;
  });
  const graph = onnx.GraphProto.create({
    name: 'mlp',
    initializer,
    node,
    input: [batchedFloat('x', layers[0]!.weights.length)],
    output: [batchedFloat('logits', layers.at(-1)!.bias.length)],
  });
  return encodeModel(graph);
}

/** Two inputs `a` and `b`, FP32 [batch, n] each, and their sum `sum` and product `product`. */
export function sumAndProductModel(width: number): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: 'sum_and_product',
    node: [
      onnx.NodeProto.create({ opType: 'Add', input: ['a', 'b'], output: ['sum'] }),
      onnx.NodeProto.create({ opType: 'Mul', input: ['a', 'b'], output: ['product'] }),
    ],
    input: [batchedFloat('a', width), batchedFloat('b', width)],
    output: [batchedFloat('sum', width), batchedFloat('product', width)],
  });
  return encodeModel(graph);
}

/**
 * An MLP `widths[0] -> ... -> widths.at(-1)` with ReLU between layers and seeded random weights
 * and biases in [-0.5, 0.5), as {@link mlpModel} builds it: the same seed gives the same model.
 */
export function randomMlpModel(widths: readonly number[], seed = 42): Uint8Array {
  const next = mulberry32(seed);
  const uniform = () => next() - 0.5;
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const [rows, cols] = [widths[i]!, widths[i + 1]!];
    const weights = Array.from({ length: rows }, () => Array.from({ length: cols }, uniform));
    layers.push({ weights, bias: Array.from({ length: cols }, uniform) });
  }
  return mlpModel(layers);
}
