import { createToken } from '../Token.js';

/** A URL a client uses directly, without going through the server, until `expiresAt`. */
export interface PresignedRequest {
  readonly url: string;
  readonly method: 'GET' | 'PUT';
  /** Headers the client must send with the request, exactly as given. */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: Date;
}

/**
 * Direct-to-storage transfer URLs, so large artifacts bypass the server. A presigned upload
 * must state the sha256 of its bytes; the store refuses bytes that do not match.
 */
export interface BlobPresigner {
  /** @throws InvalidArgumentError for a bad key or an expiry outside 1 s .. 7 days. */
  presignGet(key: string, options?: { expiresInSeconds?: number }): Promise<PresignedRequest>;
  /** @throws InvalidArgumentError for a bad key, a bad sha256 or an expiry outside 1 s .. 7 days. */
  presignPut(
    key: string,
    options: { sha256: string; contentType?: string; expiresInSeconds?: number },
  ): Promise<PresignedRequest>;
}

/** Presigned URLs of the BlobStore (storage-s3). */
export const BlobPresigner = createToken<BlobPresigner>({
  id: 'storage.blobPresigner',
  description: 'presigned direct upload and download URLs',
});
