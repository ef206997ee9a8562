import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpServer } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { type AuthOptions, authPlugin } from '@mlops/plugin-auth';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { type AuthLdapOptions, authLdapPlugin } from '../src/index.js';

/** The environment variable the local bootstrap admin's password is read from. */
export const adminPasswordEnv = 'MLOPS_AUTH_LDAP_TEST_ADMIN_PASSWORD';
/** The local bootstrap admin's password (random per test process). */
export const adminPassword = `adm-${randomBytes(9).toString('base64url')}`;
process.env[adminPasswordEnv] = adminPassword;

/** A parsed answer. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** The whole platform with auth and auth-ldap, on 127.0.0.1. */
export interface WithAuthServer {
  readonly kernel: TestKernel;
  /** A native or MLflow-compatible request, with an Authorization header value or none. */
  call(method: string, path: string, as?: string, body?: unknown): Promise<Answer>;
  /**
   * A request as MLflow's Python client sends it (`rest_utils.call_endpoint`): GET fields in the
   * query string, other methods as a JSON body, to `/api/2.0/mlflow<endpoint>`.
   */
  mlflow(
    as: string,
    method: 'GET' | 'POST',
    endpoint: string,
    fields?: Record<string, unknown>,
  ): Promise<Answer>;
  stop(): Promise<void>;
}

/** `Basic base64(user:password)`. */
export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The local bootstrap admin's Authorization header. */
export const asAdmin = basic('admin', adminPassword);

/** The body of a 2xx answer; throws with the answer otherwise. */
export function ok<T = Record<string, unknown>>(answer: Answer): T {
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`expected a 2xx, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body as T;
}

/**
 * Starts store-sql (SQLite in a temp dir), storage-fs, http, tracking, registry, auth-ldap and
 * auth (with the local admin `admin`), capturing every log line.
 */
export async function startWithAuthServer(options: {
  readonly ldap: Partial<AuthLdapOptions>;
  readonly auth?: Partial<AuthOptions>;
}): Promise<WithAuthServer> {
  const dir = await mkdtemp(join(tmpdir(), 'auth-ldap-'));
  let kernel: TestKernel;
  try {
    kernel = await createTestKernel({
      logLevel: 'trace',
      plugins: [
        storeSqlPlugin({ url: `sqlite:${join(dir, 'store.db')}` }),
        storageFsPlugin({ root: join(dir, 'blobs') }),
        httpPlugin({ port: 0, accessLog: false }),
        trackingPlugin(),
        registryPlugin(),
        authLdapPlugin(options.ldap),
        authPlugin({
          admin: { username: 'admin', passwordEnv: adminPasswordEnv },
          // A low scrypt cost: the machine running the tests is shared.
          scrypt: { cost: 1024, blockSize: 8, parallelization: 1 },
          ...options.auth,
        }),
      ],
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const url = kernel.get(HttpServer).url!;
  const send = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
    return { status: response.status, body: json ? (JSON.parse(text) as unknown) : text };
  };
  const authorization = (as: string | undefined): Record<string, string> =>
    as === undefined ? {} : { Authorization: as };
  return {
    kernel,
    call(method, path, as, body) {
      if (body === undefined) return send(method, path, authorization(as));
      return send(
        method,
        path,
        { ...authorization(as), 'Content-Type': 'application/json' },
        JSON.stringify(body),
      );
    },
    mlflow(as, method, endpoint, fields = {}) {
      const headers = { ...authorization(as), 'User-Agent': 'mlflow-python-client/2.12.2', Accept: '*/*' };
      if (method === 'GET') {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(fields))
          for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
        return send(method, `/api/2.0/mlflow${endpoint}?${query}`, headers);
      }
      return send(
        method,
        `/api/2.0/mlflow${endpoint}`,
        { ...headers, 'Content-Type': 'application/json' },
        JSON.stringify(fields),
      );
    },
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
