import { type BlobBody, InvalidArgumentError } from '@mlops/plugin-api';

/**
 * The chunks of a body as byte arrays, read lazily: a stream is pulled one chunk at a time and
 * destroyed if the reader stops early.
 * @throws InvalidArgumentError with `details.field` `body` for a value that is no BlobBody.
 */
export function bodyChunks(body: BlobBody, what: string): AsyncIterable<Uint8Array> {
  if (typeof body === 'string') return once(Buffer.from(body, 'utf8'));
  if (body instanceof Uint8Array) return once(body);
  if (typeof (body as Partial<AsyncIterable<unknown>> | null)?.[Symbol.asyncIterator] !== 'function') {
    throw new InvalidArgumentError(
      `the body of ${what} must be a Uint8Array, a string, a Readable or an async iterable of Uint8Array`,
      { field: 'body' },
    );
  }
  return asBytes(body);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

// A Readable with an encoding set yields strings, whatever the BlobBody type says.
async function* asBytes(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
