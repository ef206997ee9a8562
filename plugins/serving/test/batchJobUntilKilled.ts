/**
 * A child process for batchJobCrash.test.ts: starts the serving stack on the directory given and,
 * with `start`, deploys the batch tests' model and starts a job over `rows` rows of CSV (with
 * `resume`, the kernel's start resumes the job left running). It prints each committed `rowsDone`
 * on its own line, `done` if the job ends, and never exits by itself: the test kills it.
 */
import { BatchInference, BlobStore } from '@mlops/plugin-api';
import { logisticRegressionModel } from '@mlops/test-models';
import { batchBias, batchCsv, batchWeights } from './batchInputs.js';
import { registerOnnxModel, startServingServer } from './servingServer.js';

const { dir, mode, rows } = JSON.parse(process.argv[2]!) as {
  dir: string;
  mode: 'start' | 'resume';
  rows: number;
};
const server = await startServingServer({ dir });
const jobs = server.kernel.get(BatchInference);
if (mode === 'start') {
  await registerOnnxModel(server, 'churn', logisticRegressionModel(batchWeights, batchBias));
  await server.serving.createDeployment({ name: 'churn', model: 'churn', version: 1 }, server.call);
  await server.kernel.get(BlobStore).put('big.csv', batchCsv(rows));
  await jobs.startBatchJob('churn', { inputKey: 'big.csv', chunkRows: 500, rowsPerRequest: 4 }, server.call);
}
const [job] = await jobs.listBatchJobs('churn', server.call);
let last = -1;
for (;;) {
  const current = await jobs.getBatchJob('churn', job!.id, server.call);
  if (current.rowsDone !== last) {
    last = current.rowsDone;
    process.stdout.write(`${last}\n`);
  }
  if (current.status !== 'running') {
    process.stdout.write('done\n');
    await new Promise(() => {});
  }
  await new Promise((resolve) => setTimeout(resolve, 2));
}
