import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { apiPath, artifactPath } from './apiPath.js';
import type { HttpTransport, RawBody } from './HttpTransport.js';
import type { ArtifactEntry } from './trackingWire.js';

/**
 * What an upload reads: a file path (string), bytes, a Node stream, a web stream or any async
 * iterable of bytes. Paths and bytes can be sent again, so only those uploads are retried.
 */
export type ArtifactSource =
  | string
  | Uint8Array
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** Options of `artifacts.download`. */
export interface DownloadOptions {
  /** Only these bytes, both ends included (`Range: bytes=start-end`). */
  readonly range?: { readonly start: number; readonly end?: number };
}

/** `client.artifacts`: a run's artifacts, `/api/v1/runs/:runId/artifacts`, streamed both ways. */
export interface ArtifactsApi {
  /**
   * Uploads one file to `path` (relative to the run's artifact root), streamed; replaces a file there.
   * @throws NotFoundError (run), InvalidArgumentError (path)
   */
  upload(runId: string, path: string, source: ArtifactSource): Promise<ArtifactEntry>;
  /** The file's bytes as a stream, as they arrive. @throws NotFoundError */
  download(runId: string, path: string, options?: DownloadOptions): Promise<Readable>;
  /**
   * Streams the file into `file` (written to a temporary name, then renamed) and returns its size.
   * @throws NotFoundError
   */
  downloadToFile(runId: string, path: string, file: string): Promise<{ readonly bytes: number }>;
  /** The entries of a directory (the root when `path` is absent), paths from the run's root. */
  list(runId: string, path?: string): Promise<readonly ArtifactEntry[]>;
  /** Deletes a file, or a directory and everything under it. @throws NotFoundError */
  delete(runId: string, path: string): Promise<void>;
}

/** The body of an upload: a file is opened again for each attempt, bytes are sent again as they are. */
function rawBody(source: ArtifactSource): RawBody {
  if (typeof source === 'string') return { open: () => createReadStream(source), replayable: true };
  if (source instanceof Uint8Array) return { open: () => source, replayable: true };
  let opened = false;
  return {
    open: () => {
      if (opened) throw new Error('a stream can be sent only once');
      opened = true;
      return source as AsyncIterable<Uint8Array>;
    },
    replayable: false,
  };
}

/** `client.artifacts` over a transport. */
export function artifactsApi(http: HttpTransport): ArtifactsApi {
  const download = async (runId: string, path: string, options: DownloadOptions = {}) => {
    const range = options.range;
    const response = await http.send({
      method: 'GET',
      path: artifactPath(runId, path),
      headers: {
        accept: '*/*',
        ...(range === undefined ? {} : { range: `bytes=${range.start}-${range.end ?? ''}` }),
      },
    });
    if (response.body === null) return Readable.from([]);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  };
  return {
    upload: (runId, path, source) =>
      http.json<ArtifactEntry>({ method: 'PUT', path: artifactPath(runId, path), raw: rawBody(source) }),
    download,
    async downloadToFile(runId, path, file) {
      const body = await download(runId, path);
      const part = `${file}.${randomBytes(6).toString('hex')}.part`;
      try {
        await pipeline(body, createWriteStream(part));
        const { size } = await stat(part);
        await rename(part, file);
        return { bytes: size };
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
    },
    async list(runId, path) {
      const answer = await http.json<{ files: ArtifactEntry[] }>({
        method: 'GET',
        path: apiPath('runs', runId, 'artifacts'),
        query: { path },
      });
      return answer.files;
    },
    delete: (runId, path) => http.empty({ method: 'DELETE', path: artifactPath(runId, path) }),
  };
}
