import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '@mlops/plugin-api';

/** A pydantic error as BentoML returns it in a 400's `detail`. */
interface ValidationDetail {
  readonly loc?: readonly (string | number)[];
  readonly msg?: string;
}

/**
 * HTTP client of one served Bento (https://docs.bentoml.com/en/latest/build-with-bentoml/clients.html):
 * its API routes, `/livez`, `/readyz`, `/metrics` and `/docs.json`, each request bounded by a
 * timeout and every failure mapped to our error taxonomy.
 */
export class BentoServiceClient {
  constructor(
    /** Base URL without a trailing slash. */
    readonly url: string,
    private readonly timeoutMs: number,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  /** True when `/livez` answers 200 (the process is up); false when it answers otherwise or not at all. */
  live(): Promise<boolean> {
    return this.probe('/livez');
  }

  /** True when `/readyz` answers 200 (the service and its dependencies are ready). */
  ready(): Promise<boolean> {
    return this.probe('/readyz');
  }

  /**
   * `POST /<apiName>` with a JSON body; resolves to the parsed JSON answer.
   * @throws InvalidArgumentError for a 400 (a validation error), naming the parameter BentoML
   * names in `detail[0].loc`; FailedPreconditionError for a 404 (no such API); UnavailableError
   * when the service does not answer in time, is unreachable, or answers 5xx.
   */
  async call(apiName: string, body: unknown): Promise<unknown> {
    const what = `POST /${apiName}`;
    const res = await this.send(what, `/${apiName}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = parseJson(text);
    if (res.status === 200) {
      if (parsed === undefined)
        throw new UnavailableError(`${this.describe(what)} answered 200 with a body that is not JSON`);
      return parsed.value;
    }
    if (res.status === 400) throw validationError(parsed?.value, text);
    if (res.status === 404) {
      throw new FailedPreconditionError(
        `the BentoML service at ${this.url} has no API "${apiName}" (${what} answered 404)`,
        {
          field: 'options.apiName',
          reason: 'no_such_api',
        },
      );
    }
    const message = errorText(parsed?.value) ?? text.trim();
    if (res.status < 500) {
      throw new InvalidArgumentError(`the BentoML service refused the request (${res.status}): ${message}`, {
        field: 'inputs',
      });
    }
    throw new UnavailableError(`${this.describe(what)} answered ${res.status}: ${message}`, {
      reason: `http_${res.status}`,
    });
  }

  /** The Prometheus text of `/metrics`. @throws UnavailableError when it is not served. */
  async metrics(): Promise<string> {
    const res = await this.send('GET /metrics', '/metrics', { headers: { accept: 'text/plain' } });
    const text = await res.text();
    if (res.status !== 200)
      throw new UnavailableError(`${this.describe('GET /metrics')} answered ${res.status}`);
    return text;
  }

  /** The OpenAPI document of `/docs.json`. @throws UnavailableError when it is not served. */
  async openApi(): Promise<unknown> {
    const res = await this.send('GET /docs.json', '/docs.json', { headers: { accept: 'application/json' } });
    const parsed = parseJson(await res.text());
    if (res.status !== 200 || parsed === undefined) {
      throw new UnavailableError(
        `${this.describe('GET /docs.json')} answered ${res.status} without an OpenAPI document`,
      );
    }
    return parsed.value;
  }

  private async probe(path: string): Promise<boolean> {
    try {
      const res = await this.send(`GET ${path}`, path, {});
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  private async send(what: string, path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, {
        ...init,
        headers: { ...this.headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new UnavailableError(
        timedOut
          ? `${this.describe(what)} did not answer within ${this.timeoutMs} ms`
          : `${this.describe(what)} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
        { reason: timedOut ? 'timeout' : 'unreachable' },
        { cause: err },
      );
    }
  }

  private describe(what: string): string {
    return `the BentoML service at ${this.url} (${what})`;
  }
}

/** BentoML's 400: `{"error": "<n> validation error for Input", "detail": [{loc, msg, type}]}`. */
function validationError(body: unknown, text: string): InvalidArgumentError {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  const first = Array.isArray(detail) ? (detail[0] as ValidationDetail | undefined) : undefined;
  const loc = first?.loc?.filter((part) => part !== 'body').join('.') ?? '';
  if (first?.msg !== undefined && loc !== '') {
    return new InvalidArgumentError(`the BentoML service rejected input "${loc}": ${first.msg}`, {
      field: loc,
      reason: 'rejected_by_service',
    });
  }
  const message = first?.msg ?? errorText(body) ?? text.trim();
  return new InvalidArgumentError(`the BentoML service rejected the request: ${message}`, {
    field: 'inputs',
    reason: 'rejected_by_service',
  });
}

/** `error` of `{"error": ...}` or of `[{"error": ...}]` (BentoML answers 4xx exceptions in a list). */
function errorText(body: unknown): string | undefined {
  const one = Array.isArray(body) ? body[0] : body;
  const error = (one as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error : undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
