import { artifactsApi } from './ArtifactsApi.js';
import type { ClientOptions } from './ClientOptions.js';
import { experimentsApi } from './ExperimentsApi.js';
import { HttpTransport } from './HttpTransport.js';
import type { MlopsClient } from './MlopsClient.js';
import { modelsApi } from './ModelsApi.js';
import { runsApi } from './RunsApi.js';
import { versionsApi } from './VersionsApi.js';

/**
 * A typed client of the platform's native REST API (`/api/v1`). Error answers are thrown as the
 * platform's error taxonomy (`NotFoundError`, `AlreadyExistsError`, ...) with the server's message
 * and details; 429 and 503 answers are retried as `Retry-After` says (a create only after a 503
 * the server answered before handling it).
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:5000' });
 * const experiment = await client.experiments.create({ name: 'churn' });
 * const run = await client.runs.create({ experiment_id: experiment.experiment_id });
 * const logger = client.runs.logger(run.run_id);
 * logger.log('loss', 0.42, 1);
 * await logger.close();
 */
export function createClient(options: ClientOptions): MlopsClient {
  const http = new HttpTransport(options);
  return {
    baseUrl: http.baseUrl,
    experiments: experimentsApi(http),
    runs: runsApi(http),
    artifacts: artifactsApi(http),
    models: modelsApi(http),
    versions: versionsApi(http),
  };
}
