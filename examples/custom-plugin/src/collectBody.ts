import type { BlobBody } from '@mlops/plugin-api';

/**
 * Reads a whole body into one new Buffer (a copy: the caller may reuse its own). `onProgress`
 * sees the byte count after each chunk and may throw to stop reading early; a stream is then
 * destroyed by the `for await` exit.
 */
export async function collectBody(body: BlobBody, onProgress: (bytes: number) => void): Promise<Buffer> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    onProgress(bytes.length);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  // A Readable with an encoding set yields strings, whatever the BlobBody type says.
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    total += bytes.length;
    onProgress(total);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
