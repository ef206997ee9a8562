import { pythonJsonDumps } from '../../src/http/pythonJsonDumps.js';

/** An answer as a test reads it: status, headers, and the body parsed as JSON (text when it is not). */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** The headers MLflow's Python client (2.12, through `requests`) sends with every call. */
export const pythonClientHeaders = {
  'User-Agent': 'mlflow-python-client/2.12.2',
  Accept: '*/*',
  'Accept-Encoding': 'gzip, deflate',
};

/**
 * Sends requests exactly as MLflow's Python client does (`mlflow/utils/rest_utils.py`
 * `call_endpoint`): GET fields as query parameters (`requests` params: repeated keys for lists,
 * `+` for spaces), other methods as a JSON body written by Python's `json.dumps`, with
 * `Content-Type: application/json`.
 */
export class PythonMlflowClient {
  constructor(readonly url: string) {}

  /** Calls `/api/2.0<endpoint>` (or `/ajax-api/2.0` when `ajax`). */
  async call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    endpoint: string,
    fields: Record<string, unknown> = {},
    options: { ajax?: boolean } = {},
  ): Promise<WireAnswer> {
    const base = `${this.url}/${options.ajax ? 'ajax-api' : 'api'}/2.0${endpoint}`;
    if (method === 'GET') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const v of Array.isArray(value) ? value : [value]) query.append(key, String(v));
      }
      const text = query.toString();
      return send(text === '' ? base : `${base}?${text}`, { method, headers: pythonClientHeaders });
    }
    return send(base, {
      method,
      headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
      body: pythonJsonDumps(fields),
    });
  }
}

/** `fetch`, with the body parsed as JSON when it is JSON. */
export async function send(url: string, init: RequestInit): Promise<WireAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body };
}
