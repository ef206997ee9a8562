import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A throwaway S3-compatible server (s3rver) on 127.0.0.1 with one empty bucket. */
export interface S3Server {
  /** `http://127.0.0.1:<port>`; use path-style addressing, region `us-east-1`, keys `S3RVER`/`S3RVER`. */
  readonly endpoint: string;
  /** The bucket made for this server. */
  readonly bucket: string;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const bucket = 'test-bucket';
const thisFile = fileURLToPath(import.meta.url);

/**
 * Starts s3rver 3.7.1 on a free port of 127.0.0.1, storing into a fresh temporary directory, with
 * one bucket (`test-bucket`). Connect with `forcePathStyle: true`, region `us-east-1`, credentials
 * `S3RVER`/`S3RVER`, and `requestChecksumCalculation`/`responseChecksumValidation` set to
 * `WHEN_REQUIRED` (otherwise streamed PutObject bodies are stored with their aws-chunked framing).
 *
 * The server runs in a child process of its own, with `--openssl-legacy-provider`: s3rver makes
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 refuses without it (every truncated
 * listing would be a 500). Its memory is not this process's. It also ends when this process does.
 * @throws Error when the server cannot start (with its output).
 * @example
 * const s3 = await startS3();
 * try { await useBucket(s3.endpoint, s3.bucket); } finally { await s3.stop(); }
 */
export async function startS3(): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'mlops-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', thisFile, directory], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const cleanUp = () => {
    child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  try {
    const port = await portOf(child);
    let stopping: Promise<void> | undefined;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      stop() {
        stopping ??= (async () => {
          process.off('exit', cleanUp);
          const exited = new Promise((resolve) => child.once('exit', resolve));
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
          rmSync(directory, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (err) {
    process.off('exit', cleanUp);
    cleanUp();
    throw err;
  }
}

/** The port the child prints once it listens; rejects with its output if it exits first. */
function portOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^listening (\d+)\n/m.exec(out);
      if (line !== null) resolve(Number(line[1]));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`s3rver exited (${signal ?? code}) before listening:\n${out}${errors}`)),
    );
  });
}

/** What s3rver's store returns from a listing (only the fields the ordering fix touches). */
interface S3rverListing {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

type StoreMethod = (...args: never[]) => Promise<unknown>;

interface S3rverStore {
  listObjects(bucket: string, options: { startAfter?: string; maxKeys?: number }): Promise<S3rverListing>;
  [method: string]: unknown;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  store: S3rverStore;
}

/** The child's side: runs s3rver in `directory` until SIGTERM or until the parent goes away. */
async function serve(directory: string): Promise<void> {
  const S3rver = createRequire(import.meta.url)('s3rver') as new (
    options: Record<string, unknown>,
  ) => S3rverInstance;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  listInKeyOrder(server.store);
  writeOneAtATime(server.store);
  const { port } = await server.run();
  process.stdout.write(`listening ${port}\n`);
  // The directory goes too, in case the parent died without calling stop().
  const stop = () => {
    server.close().finally(() => {
      rmSync(directory, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
}

/**
 * s3rver lists keys in directory-walk order (`a/b` before `a-b`) and cuts pages in that order, so
 * paging skips keys. S3 lists in UTF-8 byte order; this makes s3rver do the same.
 */
function listInKeyOrder(store: S3rverStore): void {
  const walkOrder = store.listObjects.bind(store);
  const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  store.listObjects = async (bucketName, options) => {
    const after = options.startAfter ?? '';
    const maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY;
    const all = await walkOrder(bucketName, {
      ...options,
      startAfter: '',
      maxKeys: Number.POSITIVE_INFINITY,
    });
    const objects = all.objects.filter((object) => byBytes(object.key, after) > 0);
    objects.sort((a, b) => byBytes(a.key, b.key));
    return {
      objects: objects.slice(0, maxKeys),
      commonPrefixes: all.commonPrefixes.filter((prefix) => byBytes(prefix, after) > 0),
      isTruncated: objects.length > maxKeys,
    };
  };
}

/**
 * s3rver writes an object's bytes and then its metadata file, in place, so two writes of one key
 * at once can leave the bytes of one with the metadata of the other. S3 applies each write whole;
 * queueing the writes of a key makes s3rver do the same (readers may still see a write in progress).
 */
function writeOneAtATime(store: S3rverStore): void {
  const queues = new Map<string, Promise<unknown>>();
  const queued = (name: string, keyOf: (args: unknown[]) => string) => {
    const original = (store[name] as StoreMethod).bind(store) as (...args: unknown[]) => Promise<unknown>;
    store[name] = (...args: unknown[]) => {
      const key = keyOf(args);
      const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => original(...args));
      queues.set(key, run);
      run.finally(() => queues.get(key) === run && queues.delete(key)).catch(() => undefined);
      return run;
    };
  };
  queued('putObject', ([object]) => {
    const { bucket: b, key } = object as { bucket: string; key: string };
    return `${b}/${key}`;
  });
  queued('copyObject', (args) => `${String(args[2])}/${String(args[3])}`);
}

if (process.argv[1] === thisFile) {
  await serve(process.argv[2]!);
}
