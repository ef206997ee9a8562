import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FailedPreconditionError, InvalidArgumentError, LoggedModels, Tracking } from '@mlops/plugin-api';
import { createTestKernel, rejectionOf, type TestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { expect } from 'chai';
import { memoryBlobStorePlugin } from 'mlops-plugin-memory-blobstore';
import { generateBentoProject, modelFilesOf } from '../src/index.js';
import { onnxMlModel } from './modelFixtures.js';

describe('modelFilesOf: model sources in tracking', () => {
  let dir: string;
  let kernel: TestKernel;
  let tracking: Tracking;
  let models: LoggedModels;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bento-sources-'));
    kernel = await createTestKernel({
      plugins: [
        storeSqlPlugin({ url: `sqlite:${join(dir, 'store.db')}` }),
        memoryBlobStorePlugin(),
        trackingPlugin(),
      ],
    });
    tracking = kernel.get(Tracking);
    models = kernel.get(LoggedModels);
  });
  after(async () => {
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("generates a Bento from an MLflow 3 logged model's files (models:/<id> and its mlflow-artifacts: URI)", async () => {
    const { call } = kernel;
    const { info } = await tracking.createRun({ experimentId: '0' }, call);
    const logged = await models.createLoggedModel(
      { experimentId: '0', name: 'model', sourceRunId: info.runId },
      call,
    );
    await models.logModelArtifact(logged.modelId, 'MLmodel', onnxMlModel, call);
    await models.logModelArtifact(logged.modelId, 'model.onnx', 'onnx bytes', call);
    await models.logModelArtifact(logged.modelId, 'requirements.txt', 'onnxruntime==1.20.0', call);
    for (const source of [`models:/${logged.modelId}`, logged.artifactUri]) {
      const files = modelFilesOf(source, tracking, call, models);
      expect(await files.list()).to.deep.equal(['MLmodel', 'model.onnx', 'requirements.txt']);
      const outDir = join(dir, `project-${source.length}`);
      const project = await generateBentoProject({ model: { model: 'churn', version: 1 }, files, outDir });
      expect(project.files).to.include('model/model.onnx');
      expect(await readFile(join(outDir, 'model', 'model.onnx'), 'utf8')).to.equal('onnx bytes');
    }
  });

  it('says which port is missing, and refuses other URIs naming source', async () => {
    const missing = await rejectionOf(
      Promise.resolve().then(() => modelFilesOf(`models:/m-${'a'.repeat(32)}`, tracking, kernel.call)),
    );
    expect(missing).to.be.instanceOf(FailedPreconditionError);
    expect((missing as Error).message).to.match(/no LoggedModels provider/);
    const other = await rejectionOf(
      Promise.resolve().then(() => modelFilesOf('s3://b/m', tracking, kernel.call)),
    );
    expect(other).to.be.instanceOf(InvalidArgumentError);
    expect((other as InvalidArgumentError).details.field).to.equal('source');
  });
});
