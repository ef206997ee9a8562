import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** MLmodel of an ONNX model as `mlflow.onnx.log_model` writes it, with a tensor signature. */
export const onnxMlModel = `artifact_path: model
flavors:
  onnx:
    code: null
    data: model.onnx
    onnx_version: 1.16.1
    providers:
    - CPUExecutionProvider
  python_function:
    data: model.onnx
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.onnx
    python_version: 3.11.9
mlflow_version: 2.16.0
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 2]}, "name": "input.1"}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}, "name": "probability"}]'
`;

/** MLmodel of a scikit-learn model without a signature. */
export const sklearnMlModel = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.11.9
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.1
mlflow_version: 2.16.0
`;

/** A model directory in a fresh temp dir: `MLmodel`, the model bytes, and a requirements.txt. */
export async function writeModelDir(mlModel: string, modelFile: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bentoml-model-')), 'model');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'MLmodel'), mlModel);
  await writeFile(join(dir, modelFile), Buffer.from([1, 2, 3, 4]));
  await writeFile(join(dir, 'requirements.txt'), 'mlflow==2.16.0\n');
  return dir;
}

/**
 * A fake `bentoml` CLI in a fresh directory: it records its arguments and the two BentoCloud
 * variables in `args.txt`, prints what `bentoml build -o tag` prints, and exits with `exitCode`.
 */
export async function writeFakeBentoml(tag: string, exitCode = 0): Promise<{ dir: string; command: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-bentoml-'));
  const command = join(dir, 'bentoml');
  const script = `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/args.txt"
printf 'key=%s endpoint=%s\\n' "$BENTO_CLOUD_API_KEY" "$BENTO_CLOUD_API_ENDPOINT" >> "${dir}/args.txt"
if [ ${exitCode} -ne 0 ]; then
  echo 'Error: [bentoml-cli] \`build\` failed: Failed to import module "service": No module named onnxruntime' >&2
  exit ${exitCode}
fi
echo "__tag__:${tag}"
`;
  await writeFile(command, script, { mode: 0o755 });
  return { dir, command };
}
