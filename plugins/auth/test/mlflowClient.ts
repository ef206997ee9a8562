import type { Answer, AuthServer } from './startAuthServer.js';

/** `json.dumps` with Python's default separators, as MLflow's client writes request bodies. */
function pythonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonDumps(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Requests as MLflow's Python client sends them (`rest_utils.call_endpoint`): GET fields in the
 * query string, other methods as a JSON body, with Basic credentials from
 * `MLFLOW_TRACKING_USERNAME/PASSWORD` or a bearer token from `MLFLOW_TRACKING_TOKEN`.
 */
export class MlflowClient {
  constructor(
    private readonly server: AuthServer,
    readonly authorization: string,
  ) {}

  call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    endpoint: string,
    fields: Record<string, unknown> = {},
  ): Promise<Answer> {
    const headers = { 'User-Agent': 'mlflow-python-client/2.12.2', Accept: '*/*' };
    if (method === 'GET') {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(fields))
        for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
      return this.server.call(method, `/api/2.0/mlflow${endpoint}?${query}`, {
        as: this.authorization,
        headers,
      });
    }
    return this.server.call(method, `/api/2.0/mlflow${endpoint}`, {
      as: this.authorization,
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: pythonDumps(fields),
    });
  }

  /** `mlflow.log_artifact` through the artifact proxy. */
  upload(path: string, content: string): Promise<Answer> {
    return this.server.call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${path}`, {
      as: this.authorization,
      body: content,
    });
  }

  /** The first call of a multipart upload (`mlflow-artifacts/mpu/create/<dir>`). */
  multipartCreate(dir: string, file: string): Promise<Answer> {
    return this.server.call('POST', `/api/2.0/mlflow-artifacts/mpu/create/${dir}`, {
      as: this.authorization,
      body: { path: file, num_parts: 1 },
    });
  }

  download(path: string): Promise<Answer> {
    return this.server.call('GET', `/api/2.0/mlflow-artifacts/artifacts/${path}`, { as: this.authorization });
  }
}
