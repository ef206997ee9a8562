import { mulberry32 } from '@mlops/stats';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Seeded uniform numbers in [-scale, scale), so every run serves the same model. */
function uniform(seed: number, scale: number): () => number {
  const next = mulberry32(seed);
  return () => (next() * 2 - 1) * scale;
}

function batched(name: string, width: number) {
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
 * An MLP `widths[0] -> widths[1] -> ... -> widths.at(-1)` with ReLU between layers and seeded
 * random weights, as ONNX bytes (opset 13): input `x` FP32 [batch, widths[0]], output `logits`.
 */
export function mlpOnnx(widths: readonly number[], seed = 42): Uint8Array {
  const random = uniform(seed, 0.5);
  const initializer = [];
  const node = [];
  let current = 'x';
  for (let i = 0; i + 1 < widths.length; i++) {
    const [rows, cols] = [widths[i]!, widths[i + 1]!];
    const last = i + 2 === widths.length;
    initializer.push(
      onnx.TensorProto.create({
        name: `W${i}`,
        dims: [rows, cols],
        dataType: onnx.TensorProto.DataType.FLOAT,
        floatData: Array.from({ length: rows * cols }, random),
      }),
      onnx.TensorProto.create({
        name: `B${i}`,
        dims: [cols],
        dataType: onnx.TensorProto.DataType.FLOAT,
        floatData: Array.from({ length: cols }, random),
      }),
    );
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
  }
  const graph = onnx.GraphProto.create({
    name: 'bench_mlp',
    initializer,
    node,
    input: [batched('x', widths[0]!)],
    output: [batched('logits', widths.at(-1)!)],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlops-bench',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
