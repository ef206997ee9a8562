import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type GetOptions, InternalError, resolveByteRange } from '@mlops/plugin-api';
import { recordedSha256 } from '../blobInfoOf.js';
import { byteWindow } from '../byteWindow.js';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';
import { Sha256Verifier } from '../Sha256Verifier.js';

/**
 * Streams blob `key`. A full read is one GetObject, verified against the sha256 recorded with
 * that same object version. A ranged read asks for the size first (HeadObject), then GetObject
 * with `Range` and `If-Match` on the ETag, so a replaced object is a ConflictError, not mixed bytes.
 * @throws NotFoundError; InvalidArgumentError for a bad key or range; DataLossError for an object
 * without recorded sha256; UnavailableError, PermissionDeniedError... from S3. A full read's stream
 * fails with DataLossError at its end when the bytes do not match.
 */
export async function getBlob(target: S3Target, key: string, options: GetOptions): Promise<Readable> {
  const { client, location } = target;
  const request = { Bucket: location.bucket, Key: location.objectKey(key) };
  const subject = `reading blob "${key}"`;
  const missing = `blob "${key}" does not exist`;
  try {
    if (options.range !== undefined) {
      const head = await client.send(new HeadObjectCommand(request));
      const { start, end } = resolveByteRange(key, options.range, head.ContentLength ?? 0);
      const ranged = await client.send(
        new GetObjectCommand({ ...request, Range: `bytes=${start}-${end}`, IfMatch: head.ETag }),
      );
      return exactRange(ranged.Body as Readable, ranged.ContentRange, start, end);
    }
    const object = await client.send(new GetObjectCommand(request));
    const body = object.Body as Readable;
    let sha256: string;
    try {
      sha256 = recordedSha256(key, object);
    } catch (err) {
      body.destroy();
      throw err;
    }
    const verifier = new Sha256Verifier(key, sha256, object.ContentLength ?? 0);
    return relay(body, verifier, (err) => mapS3Error(err, location, subject));
  } catch (err) {
    throw mapS3Error(err, location, subject, missing);
  }
}

/**
 * `body` piped into `out`, with a failure of the connection turned into an error of the taxonomy
 * on `out`, and `body` released when the reader stops early.
 */
function relay(body: Readable, out: Sha256Verifier, mapError: (err: unknown) => Error): Readable {
  body.once('error', (err) => out.destroy(mapError(err)));
  out.once('close', () => body.destroy());
  return body.pipe(out);
}

/** `body` when the server sent exactly `start..end`; otherwise the window of it that was asked for. */
function exactRange(body: Readable, contentRange: string | undefined, start: number, end: number): Readable {
  const served = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? '');
  const servedStart = served === null ? 0 : Number(served[1]);
  if (servedStart === start && served !== null && Number(served[2]) === end) return body;
  if (servedStart > start) {
    body.destroy();
    throw new InternalError(
      `the server sent bytes from ${servedStart} on, but ${start}-${end} was asked for`,
    );
  }
  return byteWindow(body, start - servedStart, end - start + 1);
}
