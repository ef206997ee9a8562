import { randomUUID } from 'node:crypto';
import { type CallContext, InvalidArgumentError, type Tracking } from '@mlops/plugin-api';
import { pythonJsonDumps } from './pythonJsonDumps.js';

/** The run tag where MLflow keeps the summaries of the models logged by a run. */
export const loggedModelsTag = 'mlflow.log-model.history';

const mandatoryFields = ['artifact_path', 'flavors', 'run_id', 'utc_time_created'];

/**
 * MLflow's `runs/log-model`: appends the model's summary (run id, artifact path, creation time,
 * uuid, and its flavors without their `config`) to the run's `mlflow.log-model.history` tag.
 * @throws InvalidArgumentError with MLflow's messages for text that is not JSON or lacks a
 * mandatory field; the Tracking port's errors (an unknown or deleted run, a tag too long).
 */
export async function recordLoggedModel(
  tracking: Tracking,
  runId: string,
  modelJson: string,
  call: CallContext,
): Promise<void> {
  let model: Record<string, unknown>;
  try {
    model = JSON.parse(modelJson) as Record<string, unknown>;
  } catch {
    throw new InvalidArgumentError(`Malformed model info. \n ${modelJson} \n is not a valid JSON.`, {
      field: 'model_json',
      reason: 'not_json',
    });
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw new InvalidArgumentError(`Malformed model info. \n ${modelJson} \n is not a valid JSON.`, {
      field: 'model_json',
      reason: 'not_json',
    });
  }
  const missing = mandatoryFields.filter((f) => !(f in model));
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      `Model json is missing mandatory fields: {${missing.map((f) => `'${f}'`).join(', ')}}`,
      { field: 'model_json', reason: 'missing_fields' },
    );
  }
  const flavors = Object.fromEntries(
    Object.entries((model.flavors ?? {}) as Record<string, unknown>).map(([name, config]) => [
      name,
      typeof config === 'object' && config !== null && !Array.isArray(config)
        ? Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'config'))
        : config,
    ]),
  );
  // Model.from_dict makes a uuid when the MLmodel has none, and get_tags_dict keeps these keys.
  const summary = {
    run_id: model.run_id,
    artifact_path: model.artifact_path,
    utc_time_created: model.utc_time_created,
    model_uuid: model.model_uuid ?? randomUUID().replaceAll('-', ''),
    flavors,
  };
  const run = await tracking.getRun(runId, call);
  const previous = run.data.tags.find((t) => t.key === loggedModelsTag);
  const history = previous === undefined ? [] : (JSON.parse(previous.value) as unknown[]);
  await tracking.logBatch(
    runId,
    { tags: [{ key: loggedModelsTag, value: pythonJsonDumps([...history, summary]) }] },
    call,
  );
}
