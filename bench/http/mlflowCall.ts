import type { Dispatcher } from 'undici';

/** JSON content type for MLflow POST bodies. */
export const jsonHeaders = { 'content-type': 'application/json' };

/**
 * One MLflow API call outside the measured load (setup and checks): a JSON body for POST, the
 * fields in the query string for GET.
 * @throws Error with the status and body of any answer other than 200.
 */
export async function mlflowCall<T>(
  dispatcher: Dispatcher,
  method: 'GET' | 'POST',
  path: string,
  fields: Record<string, unknown>,
): Promise<T> {
  const query = new URLSearchParams(
    Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  const answer = await dispatcher.request(
    method === 'GET'
      ? { method, path: `${path}?${query}` }
      : { method, path, headers: jsonHeaders, body: JSON.stringify(fields) },
  );
  const text = await answer.body.text();
  if (answer.statusCode !== 200) throw new Error(`${method} ${path}: ${answer.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

/** The part of MLflow's Run message the benchmark reads. */
export interface MlflowRun {
  info: { run_id: string };
  data: { metrics?: { key: string; value: number }[]; params?: { key: string; value: string }[] };
}

/** Creates an experiment named `<prefix>-<now>` through the MLflow API; resolves to its id. */
export async function createExperiment(dispatcher: Dispatcher, prefix: string): Promise<string> {
  const { experiment_id } = await mlflowCall<{ experiment_id: string }>(
    dispatcher,
    'POST',
    '/api/2.0/mlflow/experiments/create',
    { name: `${prefix}-${Date.now()}` },
  );
  return experiment_id;
}
