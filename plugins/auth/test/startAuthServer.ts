import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpServer, type PluginInstance } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { sharedPostgres } from '@mlops/test-servers';
import { type AuthOptions, authPlugin } from '../src/index.js';

/** The environment variable the test admin's password is read from. */
export const adminPasswordEnv = 'MLOPS_AUTH_TEST_ADMIN_PASSWORD';
/** The test admin's password (random per test process). */
export const adminPassword = `adm-${randomBytes(9).toString('base64url')}`;
process.env[adminPasswordEnv] = adminPassword;

/** A server with store-sql, storage-fs, http, tracking, registry and auth, on 127.0.0.1. */
export interface AuthServer {
  readonly kernel: TestKernel;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Calls the server as `as` (an Authorization header value, or nobody). */
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  stop(): Promise<void>;
}

/** How {@link AuthServer.call} sends a request. */
export interface CallOptions {
  readonly as?: string;
  /** A JSON body (or a raw body when a string or bytes). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A parsed answer. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** `Basic base64(user:password)`. */
export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The admin's Authorization header. */
export const asAdmin = basic('admin', adminPassword);

/** Low scrypt cost: the tests hash many passwords on a shared machine. */
const fastScrypt = { cost: 1024, blockSize: 8, parallelization: 1 };

/** Starts the whole stack on SQLite (a temp file) or a fresh PostgreSQL schema. */
export async function startAuthServer(
  options: {
    readonly store?: 'sqlite' | 'postgres';
    readonly auth?: Partial<AuthOptions>;
    readonly plugins?: readonly PluginInstance[];
    readonly logLevel?: string;
  } = {},
): Promise<AuthServer> {
  const dir = await mkdtemp(join(tmpdir(), 'auth-'));
  const store =
    options.store === 'postgres'
      ? { url: (await sharedPostgres()).url, schema: `auth_${randomBytes(6).toString('hex')}` }
      : { url: `sqlite:${join(dir, 'store.db')}` };
  let kernel: TestKernel;
  try {
    kernel = await createTestKernel({
      ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
      plugins: [
        storeSqlPlugin(store),
        storageFsPlugin({ root: join(dir, 'blobs') }),
        httpPlugin({ port: 0, accessLog: false }),
        trackingPlugin(),
        registryPlugin(),
        authPlugin({
          admin: { username: 'admin', passwordEnv: adminPasswordEnv },
          scrypt: fastScrypt,
          ...options.auth,
        }),
        ...(options.plugins ?? []),
      ],
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const url = kernel.get(HttpServer).url!;
  return {
    kernel,
    url,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.as !== undefined) headers.Authorization = o.as;
      let body: string | Uint8Array | undefined;
      if (typeof o.body === 'string' || o.body instanceof Uint8Array) body = o.body;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['Content-Type'] = 'application/json';
      }
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text !== '')
        parsed = JSON.parse(text);
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async stop() {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a user through the REST API as the admin; answers their Basic header. */
export async function createUser(
  server: AuthServer,
  username: string,
  password = `pw-${username}-secret`,
): Promise<string> {
  const answer = await server.call('POST', '/api/v1/users', { as: asAdmin, body: { username, password } });
  if (answer.status !== 201)
    throw new Error(`creating ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return basic(username, password);
}

/** Creates an API token for the caller `as`; answers its Bearer header. */
export async function createToken(server: AuthServer, as: string, name = 'test'): Promise<string> {
  const answer = await server.call('POST', '/api/v1/tokens', { as, body: { name } });
  if (answer.status !== 201)
    throw new Error(`creating a token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return `Bearer ${(answer.body as { token: string }).token}`;
}

/** The body of a 2xx answer; throws with the answer otherwise. */
export function ok<T = Record<string, unknown>>(answer: Answer): T {
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`expected a 2xx, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body as T;
}
