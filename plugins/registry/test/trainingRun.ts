import type { CallContext, DatasetInput, Tracking } from '@mlops/plugin-api';

/** What a finished training run logged. */
export interface TrainingRun {
  /** Metric histories, each value one step (0, 1, ...): the last is the latest. */
  readonly metrics?: Readonly<Record<string, readonly number[]>>;
  readonly params?: Readonly<Record<string, string>>;
  readonly datasets?: readonly DatasetInput[];
}

/** A dataset input as MLflow logs one, with its `mlflow.data.context` tag. */
export function datasetInput(name: string, digest: string, context: string): DatasetInput {
  return {
    dataset: { name, digest, sourceType: 'local', source: JSON.stringify({ uri: `/data/${name}.csv` }) },
    tags: [{ key: 'mlflow.data.context', value: context }],
  };
}

/** Records a finished run in Tracking, through its port, and returns the run id. */
export async function logTrainingRun(
  tracking: Tracking,
  call: CallContext,
  run: TrainingRun,
): Promise<string> {
  const experiments = await tracking.searchExperiments({ filter: "name = 'training'" }, call);
  const experimentId =
    experiments.items[0]?.experimentId ??
    (await tracking.createExperiment({ name: 'training' }, call)).experimentId;
  const { info } = await tracking.createRun({ experimentId, runName: 'train' }, call);
  const now = Date.now();
  await tracking.logBatch(
    info.runId,
    {
      metrics: Object.entries(run.metrics ?? {}).flatMap(([key, values]) =>
        values.map((value, step) => ({ key, value, step, timestamp: now + step })),
      ),
      params: Object.entries(run.params ?? {}).map(([key, value]) => ({ key, value })),
    },
    call,
  );
  if (run.datasets !== undefined) await tracking.logInputs(info.runId, run.datasets, call);
  await tracking.updateRun(info.runId, { status: 'FINISHED', endTime: now + 1000 }, call);
  return info.runId;
}
