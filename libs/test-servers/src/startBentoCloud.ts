import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BentoServer,
  type BentoServerOptions,
  closeServer,
  startBentoServer,
} from './startBentoServer.js';

/** Options of {@link startBentoCloud}. */
export interface BentoCloudOptions {
  /** The API token it accepts in `X-YATAI-API-TOKEN`. */
  readonly token: string;
  /** Cluster names; default `['default']`. The first is used when a call names none. */
  readonly clusters?: readonly string[];
  /** Bento tags (`name:version`) in the organisation's repository; any tag when absent. */
  readonly bentos?: readonly string[];
  /** Bento tags whose image build fails (status `image-build-failed`). */
  readonly failingBentos?: readonly string[];
  /** What every deployment serves: a BentoML-protocol server is started per deployment. */
  readonly service: BentoServerOptions;
  /** How long each of `image-building` and `deploying` lasts, in ms; default 50. */
  readonly stepMs?: number;
}

/** A request the cloud server received: method, path with query, and JSON body. */
export interface BentoCloudCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A running BentoCloud-API server. */
export interface BentoCloud {
  /** `http://127.0.0.1:<port>`: the endpoint to give clients. */
  readonly endpoint: string;
  /** Every deployments-API request, in order. */
  readonly calls: readonly BentoCloudCall[];
  /** The served Bento of a running deployment, to flip readiness or inspect calls. */
  deploymentServer(name: string): BentoServer | undefined;
  /** Names of the deployments that exist now. */
  deploymentNames(): string[];
  /** Stops the API and every deployment's server. Safe to call twice. */
  stop(): Promise<void>;
}

interface DeploymentRecord {
  readonly uid: string;
  readonly name: string;
  readonly cluster: string;
  readonly createdAt: string;
  updatedAt: string;
  /** Set at each create or update: the status is computed from the time since then. */
  rolledAt: number;
  bento: string;
  config: Record<string, unknown>;
  dev: boolean;
  terminated: boolean;
  revision: string;
  server?: BentoServer;
}

const user = { name: 'mlops-test', email: 'mlops-test@example.com', first_name: '', last_name: '' };

/**
 * Starts, on a free port of 127.0.0.1, a server that answers BentoCloud's (Yatai's) deployments
 * API v2 as the BentoML client library calls it, starting a BentoML-protocol server
 * ({@link startBentoServer}) for each deployment so that its `urls[0]` answers predictions. It
 * follows:
 *
 * - https://docs.bentoml.com/en/latest/scale-with-bentocloud/deployment/manage-deployments.html
 *   and https://docs.bentoml.com/en/latest/reference/bentocloud/bentocloud-api.html (create, get,
 *   update, terminate, delete; the statuses a deployment goes through);
 * - BentoML's client, https://github.com/bentoml/BentoML/blob/main/src/bentoml/_internal/cloud/client.py
 *   (`RestApiClientV2`: `POST /api/v2/deployments?cluster=`, `GET|PUT|DELETE
 *   /api/v2/deployments/{name}?cluster=`, `POST .../{name}/terminate`, header `X-YATAI-API-TOKEN`;
 *   success is 200 only) and its schemas `cloud/schemas/schemasv2.py` (`DeploymentFullSchema`:
 *   uid, name, status, cluster, latest_revision.targets[].bento, urls...) and
 *   `modelschemas.py` (`DeploymentStatus`: image-building, deploying, running, failed,
 *   image-build-failed, terminating, terminated...);
 * - Yatai's API server, https://github.com/bentoml/Yatai/blob/main/api-server/routes/routes.go:
 *   a missing or unknown token is **403** `{"message": "..."}`; handler errors are
 *   `{"error": "..."}`, **404** for a missing record ("record not found") and **400** otherwise.
 *
 * Statuses advance with time: `image-building` for `stepMs`, then `deploying` for `stepMs`, then
 * `running` (or `image-build-failed` for a failing bento). Terminate gives `terminated` and stops
 * the deployment's server; delete removes it.
 * @throws Error when the port cannot be bound.
 * @example
 * const cloud = await startBentoCloud({ token: 't', service: { apis: { predict: { params: {}, run: () => 1 } } } });
 * try { // POST `${cloud.endpoint}/api/v2/deployments` with header X-YATAI-API-TOKEN: t
 * } finally { await cloud.stop(); }
 */
export async function startBentoCloud(options: BentoCloudOptions): Promise<BentoCloud> {
  const clusters = options.clusters ?? ['default'];
  const stepMs = options.stepMs ?? 50;
  const deployments = new Map<string, DeploymentRecord>();
  const calls: BentoCloudCall[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }));
  });

  function statusOf(d: DeploymentRecord): string {
    if (d.terminated) return 'terminated';
    const elapsed = Date.now() - d.rolledAt;
    if (elapsed < stepMs) return 'image-building';
    if (options.failingBentos?.includes(d.bento)) return 'image-build-failed';
    if (elapsed < 2 * stepMs || d.server === undefined) return 'deploying';
    return 'running';
  }

  function schemaOf(d: DeploymentRecord): unknown {
    const resource = (name: string, type: string) => ({
      uid: d.uid,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      deleted_at: null,
      name,
      resource_type: type,
      labels: [],
    });
    const [repository, version] = d.bento.split(':');
    return {
      ...resource(d.name, 'deployment'),
      status: statusOf(d),
      kube_namespace: 'yatai',
      creator: user,
      cluster: {
        ...resource(d.cluster, 'cluster'),
        description: '',
        organization_name: 'mlops-test',
        creator: user,
      },
      latest_revision: {
        ...resource(d.revision, 'deployment_revision'),
        creator: user,
        status: 'active',
        targets: [
          {
            ...resource(d.revision, 'deployment_target'),
            creator: user,
            config: d.config,
            bento: { ...resource(version ?? '', 'bento'), version, repository: { name: repository } },
          },
        ],
      },
      manifest: { dev: d.dev },
      urls: d.server === undefined ? [] : [d.server.url],
    };
  }

  async function roll(d: DeploymentRecord): Promise<void> {
    d.rolledAt = Date.now();
    d.revision = randomUUID();
    d.terminated = false;
    if (d.server === undefined && !options.failingBentos?.includes(d.bento)) {
      d.server = await startBentoServer(options.service);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return send(res, 400, { error: 'invalid character in request body' });
    }
    calls.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, body });
    const token = req.headers['x-yatai-api-token'];
    if (token === undefined || token === '')
      return send(res, 403, { message: 'username in cookie is empty' });
    if (token !== options.token) return send(res, 403, { message: 'get api token: record not found' });

    const cluster = url.searchParams.get('cluster') ?? clusters[0]!;
    if (!clusters.includes(cluster))
      return send(res, 404, { error: `get cluster ${cluster}: record not found` });
    const match = /^\/api\/v2\/deployments(?:\/([^/]+)(\/terminate)?)?$/.exec(url.pathname);
    if (match === null) return send(res, 404, { message: `not found this router with method ${req.method}` });
    const [, name, terminate] = match;
    const key = (n: string) => `${cluster}/${n}`;

    if (name === undefined) {
      if (req.method === 'GET') {
        const items = [...deployments.values()].filter((d) => d.cluster === cluster).map(schemaOf);
        return send(res, 200, { start: 0, count: items.length, total: items.length, items });
      }
      if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
      const input = (body ?? {}) as Record<string, unknown>;
      if (typeof input.bento !== 'string' || input.bento === '')
        return send(res, 400, { error: 'bento is required' });
      if (options.bentos !== undefined && !options.bentos.includes(input.bento)) {
        return send(res, 404, { error: `get bento ${input.bento}: record not found` });
      }
      const newName =
        typeof input.name === 'string' && input.name !== ''
          ? input.name
          : `deployment-${randomUUID().slice(0, 8)}`;
      if (deployments.has(key(newName))) {
        return send(res, 400, { error: `create deployment: deployment ${newName} already exists` });
      }
      const now = new Date().toISOString();
      const { name: _n, bento, dev, ...config } = input;
      const record: DeploymentRecord = {
        uid: randomUUID(),
        name: newName,
        cluster,
        createdAt: now,
        updatedAt: now,
        rolledAt: 0,
        bento: input.bento,
        config,
        dev: dev === true,
        terminated: false,
        revision: '',
      };
      deployments.set(key(newName), record);
      await roll(record);
      return send(res, 200, schemaOf(record));
    }

    const record = deployments.get(key(decodeURIComponent(name)));
    if (record === undefined) return send(res, 404, { error: 'record not found' });
    if (terminate !== undefined) {
      if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
      record.terminated = true;
      await record.server?.stop();
      record.server = undefined;
      return send(res, 200, schemaOf(record));
    }
    if (req.method === 'GET') return send(res, 200, schemaOf(record));
    if (req.method === 'DELETE') {
      deployments.delete(key(record.name));
      await record.server?.stop();
      record.server = undefined;
      record.terminated = true;
      return send(res, 200, schemaOf(record));
    }
    if (req.method === 'PUT') {
      const input = (body ?? {}) as Record<string, unknown>;
      if (typeof input.bento !== 'string' || input.bento === '')
        return send(res, 400, { error: 'bento is required' });
      if (options.bentos !== undefined && !options.bentos.includes(input.bento)) {
        return send(res, 404, { error: `get bento ${input.bento}: record not found` });
      }
      const { name: _n, bento, dev: _d, ...config } = input;
      record.bento = input.bento;
      record.config = config;
      record.updatedAt = new Date().toISOString();
      await roll(record);
      return send(res, 200, schemaOf(record));
    }
    return send(res, 405, { error: 'method not allowed' });
  }

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    deploymentServer: (name) => [...deployments.values()].find((d) => d.name === name)?.server,
    deploymentNames: () => [...deployments.values()].map((d) => d.name),
    stop() {
      stopping ??= (async () => {
        await Promise.all([...deployments.values()].map((d) => d.server?.stop()));
        await closeServer(server);
      })();
      return stopping;
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
