import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway S3-compatible server (s3rver) on 127.0.0.1 with one empty bucket. */
export interface S3Server {
  /** `http://127.0.0.1:<port>`; use path-style addressing, region `us-east-1`, keys `S3RVER`/`S3RVER`. */
  readonly endpoint: string;
  /** The bucket made for this server. */
  readonly bucket: string;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** What s3rver's store returns from a listing (only the fields the ordering fix touches). */
interface S3rverListing {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

interface S3rverListOptions {
  startAfter?: string;
  maxKeys?: number;
  [option: string]: unknown;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  store: { listObjects(bucket: string, options: S3rverListOptions): Promise<S3rverListing> };
}

type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/**
 * Starts s3rver 3.7.1 on a free port of 127.0.0.1, storing into a fresh temporary directory, with
 * one bucket (`test-bucket`). Connect with `forcePathStyle: true`, region `us-east-1`, credentials
 * `S3RVER`/`S3RVER`, and `requestChecksumCalculation`/`responseChecksumValidation` set to
 * `WHEN_REQUIRED` (otherwise streamed PutObject bodies are stored with their aws-chunked framing).
 * The server is in this process; its directory is also removed when the process exits.
 * @throws Error when the server cannot start.
 * @example
 * const s3 = await startS3();
 * try { await useBucket(s3.endpoint, s3.bucket); } finally { await s3.stop(); }
 */
export async function startS3(): Promise<S3Server> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 'mlops-s3-'));
  const removeDirectory = () => rmSync(directory, { recursive: true, force: true });
  process.once('exit', removeDirectory);
  const bucket = 'test-bucket';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  listInKeyOrder(server);
  try {
    const { port } = await server.run();
    let stopping: Promise<void> | undefined;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      stop() {
        stopping ??= (async () => {
          process.off('exit', removeDirectory);
          try {
            await server.close();
          } finally {
            removeDirectory();
          }
        })();
        return stopping;
      },
    };
  } catch (err) {
    process.off('exit', removeDirectory);
    removeDirectory();
    throw err;
  }
}

/**
 * s3rver lists keys in directory-walk order (`a/b` before `a-b`) and cuts pages in that order, so
 * paging skips keys. S3 lists in UTF-8 byte order; this makes s3rver do the same.
 */
function listInKeyOrder(server: S3rverInstance): void {
  const store = server.store;
  const walkOrder = store.listObjects.bind(store);
  const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  store.listObjects = async (bucket, options) => {
    const after = options.startAfter ?? '';
    const maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY;
    const all = await walkOrder(bucket, { ...options, startAfter: '', maxKeys: Number.POSITIVE_INFINITY });
    const objects = all.objects.filter((object) => byBytes(object.key, after) > 0);
    objects.sort((a, b) => byBytes(a.key, b.key));
    return {
      objects: objects.slice(0, maxKeys),
      commonPrefixes: all.commonPrefixes.filter((prefix) => byBytes(prefix, after) > 0),
      isTruncated: objects.length > maxKeys,
    };
  };
}
