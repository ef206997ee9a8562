import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type ModelVersionRef, NotFoundError, type TensorSpec } from '@mlops/plugin-api';
import { type BentoApiParam, bentoApiParams } from './BentoApiParam.js';
import { type MlModel, parseMlModel } from './MlModel.js';
import type { ModelFiles } from './ModelFiles.js';
import { renderBentofile } from './renderBentofile.js';
import { renderServicePy } from './renderServicePy.js';

/** Input of {@link generateBentoProject}. */
export interface BentoProjectInput {
  readonly model: ModelVersionRef;
  /** The model directory's files (an MLflow model with its `MLmodel`). */
  readonly files: ModelFiles;
  /** The project directory; replaced whole if it exists. */
  readonly outDir: string;
  /** The `@bentoml.api` method's name, hence its route; default `predict`. */
  readonly apiName?: string;
}

/** A generated BentoML project, ready for `bentoml build`. */
export interface BentoProject {
  /** Absolute path of the project directory. */
  readonly dir: string;
  /** The `@bentoml.service` class name. */
  readonly serviceName: string;
  /** The name to build the Bento under (`bentoml build --name`): lower case, as Bento tags want. */
  readonly bentoName: string;
  readonly apiName: string;
  readonly mlModel: MlModel;
  /** The API's parameters, in order: our input tensors, named as the JSON keys. */
  readonly params: readonly BentoApiParam[];
  /** The keys of the API's JSON answer, when known (from the signature, or the flavour's one output). */
  readonly outputs: readonly TensorSpec[];
  /** Files written, relative to `dir`, sorted. */
  readonly files: readonly string[];
}

/**
 * Generates a BentoML 1.2+ project for a model version: `service.py` (a `@bentoml.service` class
 * with one `@bentoml.api` method for the MLmodel's flavour: onnx, sklearn, pytorch or
 * python_function), `bentofile.yaml`, and the model's files under `model/`. The project is written
 * beside `outDir` and renamed into place, so a failure leaves the previous project (if any).
 * @throws NotFoundError when the files have no `MLmodel`; InvalidArgumentError (field `MLmodel`)
 * for a flavour no Bento is generated for.
 * @example
 * const project = await generateBentoProject({ model: { model: 'churn', version: 3 },
 *   files: modelFilesOf('/models/churn', undefined, systemCall()), outDir: '/tmp/churn-bento' });
 */
export async function generateBentoProject(input: BentoProjectInput): Promise<BentoProject> {
  const apiName = input.apiName ?? 'predict';
  const modelFiles = await input.files.list();
  if (!modelFiles.includes('MLmodel')) {
    throw new NotFoundError(`model source "${input.files.source}" has no MLmodel file`, {
      field: 'source',
      reason: 'no_mlmodel',
    });
  }
  const mlModel = parseMlModel((await input.files.read('MLmodel')).toString('utf8'));
  const params = bentoApiParams(
    mlModel.inputs.length > 0
      ? mlModel.inputs
      : [{ name: 'input', datatype: mlModel.flavour === 'sklearn' ? 'FP64' : 'FP32', shape: [-1, -1] }],
  );
  const outputName = mlModel.outputs.length === 1 ? mlModel.outputs[0]!.name : 'predictions';
  const outputs =
    mlModel.flavour === 'onnx'
      ? mlModel.outputs
      : [{ ...(mlModel.outputs[0] ?? { datatype: 'FP64' as const, shape: [-1] }), name: outputName }];
  const serviceName = pythonClassName(input.model.model);
  const dir = resolve(input.outDir);
  const staging = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
  const written: Record<string, string | Buffer> = {
    'service.py': renderServicePy({ model: input.model, mlModel, serviceName, apiName, params, outputName }),
    'bentofile.yaml': renderBentofile({
      model: input.model,
      mlModel,
      serviceName,
      hasRequirements: modelFiles.includes('requirements.txt'),
    }),
  };
  try {
    for (const file of modelFiles) written[`model/${file}`] = await input.files.read(file);
    for (const [file, body] of Object.entries(written)) {
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await writeFile(join(staging, file), body);
    }
    await rm(dir, { recursive: true, force: true });
    await mkdir(dirname(dir), { recursive: true });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return {
    dir,
    serviceName,
    bentoName: bentoNameOf(input.model.model),
    apiName,
    mlModel,
    params,
    outputs,
    files: Object.keys(written).sort(),
  };
}

/** `churn-model` -> `ChurnModel`; a leading digit or an empty result gets a `Model` prefix. */
function pythonClassName(model: string): string {
  const name = model
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return name === '' || /^\d/.test(name) ? `Model${name}` : name;
}

/** Bento names are lower-case letters, digits, `-`, `_` and `.`, starting with a letter or digit. */
function bentoNameOf(model: string): string {
  const name = model
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
  return name === '' ? 'mlops-model' : name;
}
