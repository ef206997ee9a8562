import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

// The smallest part of plugins/serving/test/onnxModels.ts a deployment needs: tests of one
// package do not import another package's test files.

function floatTensor(name: string, dims: readonly number[], values: readonly number[]) {
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: [...values],
  });
}

function batchedFloat(name: string, width: number) {
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

/**
 * An ONNX logistic regression: `probability = sigmoid(x · weights + bias)`, input `x` FP32
 * [batch, n], output `probability` FP32 [batch, 1], opset 13.
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
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlops-auth-tests',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
