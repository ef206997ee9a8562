import { startTestPlatform, type TestPlatform } from '@mlops/test-platform';
import { createClient, type MlopsClient } from '../src/index.js';

/** A real server on 127.0.0.1 (SQLite file, blobs on disk, tracking and registry) and a client of it. */
export interface Platform extends TestPlatform {
  readonly client: MlopsClient;
}

/** Starts the platform; `rateLimit` is the http plugin's per-IP limit, when a test wants one. */
export async function startPlatform(
  options: { readonly rateLimit?: { requestsPerSecond: number; burst: number } } = {},
): Promise<Platform> {
  const platform = await startTestPlatform({
    name: 'mlops-client',
    ...(options.rateLimit === undefined ? {} : { http: { rateLimit: { perIp: options.rateLimit } } }),
  });
  return { ...platform, client: createClient({ baseUrl: platform.url, retries: { baseDelayMs: 10 } }) };
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
