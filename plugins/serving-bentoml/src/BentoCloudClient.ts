import {
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';

/** What we read of a BentoCloud deployment (`DeploymentFullSchema`). */
export interface CloudDeployment {
  readonly name: string;
  /** `image-building`, `deploying`, `running`, `scaled-to-zero`, `failed`, `image-build-failed`, `terminated`... */
  readonly status: string;
  /** The endpoint URLs; one once the deployment is reachable. */
  readonly urls: readonly string[];
  /** `repository:version` of the latest revision's main target, when known. */
  readonly bento?: string;
}

/** The body of a create or update (`CreateDeploymentSchema` / `UpdateDeploymentSchema`). */
export interface DeploymentRequest {
  readonly name?: string;
  readonly bento: string;
  readonly access_authorization: boolean;
  readonly envs?: readonly { readonly name: string; readonly value: string }[];
  readonly services?: Readonly<Record<string, unknown>>;
}

/**
 * BentoCloud's (Yatai's) deployments API v2, as BentoML's `RestApiClientV2` calls it
 * (https://github.com/bentoml/BentoML/blob/main/src/bentoml/_internal/cloud/client.py): `POST
 * /api/v2/deployments`, `GET|PUT|DELETE /api/v2/deployments/{name}`, `POST .../{name}/terminate`,
 * each with `?cluster=` and the `X-YATAI-API-TOKEN` header.
 */
export class BentoCloudClient {
  constructor(
    readonly endpoint: string,
    private readonly token: string,
    private readonly cluster: string | undefined,
    private readonly timeoutMs = 60_000,
  ) {}

  /** The deployment, or undefined when there is none of that name. */
  async get(name: string): Promise<CloudDeployment | undefined> {
    return this.request('GET', `/${encodeURIComponent(name)}`, undefined, true);
  }

  /** @throws NotFoundError (field `options.cloud.bento`) for an unknown bento; InvalidArgumentError for a refused body. */
  async create(body: DeploymentRequest): Promise<CloudDeployment> {
    return (await this.request('POST', '', body, false))!;
  }

  async update(name: string, body: DeploymentRequest): Promise<CloudDeployment> {
    return (await this.request('PUT', `/${encodeURIComponent(name)}`, body, false))!;
  }

  async terminate(name: string): Promise<void> {
    await this.request('POST', `/${encodeURIComponent(name)}/terminate`, undefined, true);
  }

  /** Deletes the deployment; one that is gone already is no error. */
  async delete(name: string): Promise<void> {
    await this.request('DELETE', `/${encodeURIComponent(name)}`, undefined, true);
  }

  private async request(
    method: string,
    path: string,
    body: unknown,
    missingIsUndefined: boolean,
  ): Promise<CloudDeployment | undefined> {
    const query = this.cluster === undefined ? '' : `?cluster=${encodeURIComponent(this.cluster)}`;
    const what = `${method} /api/v2/deployments${path}`;
    let res: Response;
    try {
      res = await fetch(`${this.endpoint}/api/v2/deployments${path}${query}`, {
        method,
        headers: {
          'X-YATAI-API-TOKEN': this.token,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new UnavailableError(
        `BentoCloud at ${this.endpoint} did not answer ${what}: ${cause?.code ?? (err as Error).message}`,
        { reason: 'unreachable' },
        { cause: err },
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const said = messageOf(json) ?? text.trim();
    // Yatai used to answer 400 "record not found" for a missing record, as BentoML's client notes.
    const missing = res.status === 404 || (res.status === 400 && text.includes('record not found'));
    if (missing && missingIsUndefined) return undefined;
    if (res.status === 200) return deploymentOf(json, what, this.endpoint);
    if (res.status === 401 || res.status === 403) {
      throw new UnauthenticatedError(
        `BentoCloud at ${this.endpoint} refused the API token (${what}: ${said})`,
        {
          field: 'options.cloud.tokenEnv',
        },
      );
    }
    if (missing) {
      throw new NotFoundError(`BentoCloud at ${this.endpoint} answered ${what} with ${res.status}: ${said}`, {
        field: 'options.cloud.bento',
      });
    }
    if (res.status < 500) {
      throw new InvalidArgumentError(
        `BentoCloud at ${this.endpoint} refused ${what} (${res.status}): ${said}`,
        {
          field: 'options.cloud',
        },
      );
    }
    throw new UnavailableError(
      `BentoCloud at ${this.endpoint} answered ${what} with ${res.status}: ${said}`,
      {
        reason: `http_${res.status}`,
      },
    );
  }
}

function messageOf(json: unknown): string | undefined {
  const body = (typeof json === 'object' && json !== null ? json : {}) as {
    error?: unknown;
    message?: unknown;
  };
  if (typeof body.error === 'string') return body.error;
  return typeof body.message === 'string' ? body.message : undefined;
}

function deploymentOf(json: unknown, what: string, endpoint: string): CloudDeployment {
  const d = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof d.name !== 'string' || typeof d.status !== 'string') {
    throw new UnavailableError(
      `BentoCloud at ${endpoint} answered ${what} without a deployment's name and status`,
    );
  }
  const urls = Array.isArray(d.urls) ? d.urls.filter((u): u is string => typeof u === 'string') : [];
  const revision = d.latest_revision as {
    targets?: { bento?: { version?: string; repository?: { name?: string } } }[];
  } | null;
  const bento = revision?.targets?.[0]?.bento;
  return {
    name: d.name,
    status: d.status,
    urls,
    ...(bento?.repository?.name === undefined
      ? {}
      : { bento: `${bento.repository.name}:${bento.version ?? ''}` }),
  };
}
