import { join, resolve } from 'node:path';
import {
  type BackendLoadSpec,
  FailedPreconditionError,
  type LoadedModel,
  type LoggedModels,
  type Logger,
  type ServingBackend,
  systemCall,
  type TensorSpec,
  type Tracking,
  UnavailableError,
} from '@mlops/plugin-api';
import {
  type BentoBackendOptions,
  bentoBackendOptionsSchema,
  parseBentoBackendOptions,
} from './BentoBackendOptions.js';
import { BentoCloudClient } from './BentoCloudClient.js';
import { BentoServiceClient } from './BentoServiceClient.js';
import { buildBento } from './buildBento.js';
import { deployToBentoCloud } from './deployToBentoCloud.js';
import { discoverTensorSpecs } from './discoverTensorSpecs.js';
import { generateBentoProject } from './generateBentoProject.js';
import { modelFilesOf } from './ModelFiles.js';
import type { ServingBentomlOptions } from './options.js';
import { RemoteBentoModel } from './RemoteBentoModel.js';

/** What a {@link BentoBackend} needs besides its options. */
export interface BentoBackendDeps {
  /** Reads `runs:/` model sources when the backend has to generate a Bento. */
  readonly tracking?: Tracking;
  /** Reads MLflow 3 logged model sources (`models:/m-...`) when the backend has to generate a Bento. */
  readonly loggedModels?: LoggedModels;
  readonly logger?: Logger;
  /** The environment the token and the CLI's PATH come from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The `bentoml` serving backend: serves a deployment's model version through a running BentoML
 * server (`options.url`) or a BentoCloud deployment it creates (`options.cloud`), generating,
 * building and pushing the Bento with the BentoML CLI when no prebuilt one is named.
 */
export class BentoBackend implements ServingBackend {
  readonly name = 'bentoml';
  readonly optionsSchema = bentoBackendOptionsSchema;

  constructor(
    private readonly options: ServingBentomlOptions,
    private readonly deps: BentoBackendDeps = {},
  ) {}

  /**
   * Connects to (or deploys) the Bento for `spec` and resolves once it answers `/livez`.
   * @throws InvalidArgumentError naming the bad option; UnavailableError when the server or
   * BentoCloud does not answer, or the deployment is not running in time; FailedPreconditionError
   * when the token variable is unset, the BentoML CLI is needed but missing, or the deployment
   * failed; UnauthenticatedError when BentoCloud refuses the token.
   */
  async load(spec: BackendLoadSpec): Promise<LoadedModel> {
    const options = parseBentoBackendOptions(spec.options);
    const modelVersion = String(spec.model.version);
    if (options.url !== undefined) {
      const client = new BentoServiceClient(options.url, options.timeoutMs);
      return this.connect(client, options, spec, modelVersion, async () => {});
    }
    const cloud = options.cloud!;
    const env = this.deps.env ?? process.env;
    const token = env[cloud.tokenEnv];
    if (token === undefined || token === '') {
      throw new FailedPreconditionError(
        `the BentoCloud API token variable ${cloud.tokenEnv} is not set (options.cloud.tokenEnv)`,
        { field: 'options.cloud.tokenEnv', reason: 'no_token' },
      );
    }
    const cloudClient = new BentoCloudClient(cloud.endpoint, token, cloud.cluster);
    let bento = cloud.bento;
    let service = cloud.service;
    let inputs = options.inputs;
    let outputs = options.outputs;
    if (bento === undefined) {
      const project = await generateBentoProject({
        model: spec.model,
        files: modelFilesOf(
          spec.source,
          this.deps.tracking,
          systemCall(`bentoml-${spec.deployment}`),
          this.deps.loggedModels,
        ),
        outDir: join(
          resolve(this.options.workDir),
          `${slug(spec.deployment)}-${slug(spec.environment)}-v${modelVersion}`,
        ),
        apiName: options.apiName,
      });
      const built = await buildBento(project.dir, {
        command: this.options.bentomlCommand,
        name: project.bentoName,
        push: true,
        timeoutMs: this.options.buildTimeoutMs,
        env: { ...env, BENTO_CLOUD_API_KEY: token, BENTO_CLOUD_API_ENDPOINT: cloud.endpoint },
      });
      this.deps.logger?.info(
        { deployment: spec.deployment, bento: built.tag, dir: project.dir },
        `built and pushed ${built.tag}`,
      );
      bento = built.tag;
      service ??= project.serviceName;
      inputs ??= project.params.map((p) => p.spec);
      outputs ??= project.outputs;
    }
    const name = cloud.name ?? slug(`${spec.deployment}-${spec.environment}-v${modelVersion}`).slice(0, 63);
    const url = await deployToBentoCloud(cloudClient, cloud, name, bento, service);
    this.deps.logger?.info(
      { deployment: spec.deployment, cloudDeployment: name, url },
      `BentoCloud deployment ${name} is running`,
    );
    const headers: Record<string, string> = cloud.accessAuthorization
      ? { authorization: `Bearer ${token}` }
      : {};
    const client = new BentoServiceClient(url, options.timeoutMs, headers);
    const release = async () => {
      if (cloud.onUnload === 'delete') await cloudClient.delete(name);
      else if (cloud.onUnload === 'terminate') await cloudClient.terminate(name);
    };
    return this.connect(client, { ...options, ...withSpecs(inputs, outputs) }, spec, modelVersion, release);
  }

  private async connect(
    client: BentoServiceClient,
    options: BentoBackendOptions,
    spec: BackendLoadSpec,
    modelVersion: string,
    release: () => Promise<void>,
  ): Promise<LoadedModel> {
    if (!(await client.live())) {
      await release();
      throw new UnavailableError(`the BentoML service at ${client.url} does not answer GET /livez`, {
        reason: 'not_live',
      });
    }
    const inputs =
      options.inputs ?? discoverTensorSpecs(await client.openApi().catch(() => undefined), options.apiName);
    return new RemoteBentoModel({
      client,
      apiName: options.apiName,
      inputs,
      outputs: options.outputs ?? [],
      modelName: spec.model.model,
      modelVersion,
      release,
    });
  }
}

function withSpecs(inputs: readonly TensorSpec[] | undefined, outputs: readonly TensorSpec[] | undefined) {
  return { ...(inputs === undefined ? {} : { inputs }), ...(outputs === undefined ? {} : { outputs }) };
}

/** Deployment names are lower-case letters, digits and `-`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
