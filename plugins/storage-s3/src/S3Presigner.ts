import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type BlobPresigner, InvalidArgumentError, type PresignedRequest } from '@mlops/plugin-api';
import { sha256MetadataKey } from './blobInfoOf.js';
import type { S3Target } from './createS3Client.js';
import { mapS3Error } from './mapS3Error.js';
import { maxPresignSeconds } from './options.js';
import { parseSha256 } from './parseSha256.js';

/** Headers a presigned PUT signs and the client must send as they are (not hoisted into the query). */
const boundHeaders = new Set([`x-amz-meta-${sha256MetadataKey}`, 'x-amz-checksum-sha256']);

/**
 * Presigned GET and PUT URLs (SigV4, signed locally: no request to S3). A presigned PUT writes
 * the final object in one request (atomic on S3, at most 5 GiB) and binds the declared sha256 twice:
 * as `x-amz-meta-sha256`, which reads verify, and as `x-amz-checksum-sha256`, which AWS S3 and
 * MinIO check on arrival, refusing other bytes (BadDigest). A server without checksum support
 * (s3rver) stores other bytes; every full read of them then fails with DataLossError.
 */
export class S3Presigner implements BlobPresigner {
  constructor(
    private readonly target: S3Target,
    private readonly defaultExpiresInSeconds: number,
  ) {}

  /** @throws InvalidArgumentError for a bad key or an expiry outside 1 s .. 7 days. */
  async presignGet(key: string, options: { expiresInSeconds?: number } = {}): Promise<PresignedRequest> {
    const { location } = this.target;
    const command = new GetObjectCommand({ Bucket: location.bucket, Key: location.objectKey(key) });
    return this.sign(key, 'GET', command, options.expiresInSeconds, {});
  }

  /** @throws InvalidArgumentError for a bad key, a bad sha256 or an expiry outside 1 s .. 7 days. */
  async presignPut(
    key: string,
    options: { sha256: string; contentType?: string; expiresInSeconds?: number },
  ): Promise<PresignedRequest> {
    const { location } = this.target;
    const objectKey = location.objectKey(key);
    const sha256 = parseSha256(options.sha256, key);
    const checksum = Buffer.from(sha256, 'hex').toString('base64');
    const command = new PutObjectCommand({
      Bucket: location.bucket,
      Key: objectKey,
      Metadata: { [sha256MetadataKey]: sha256 },
      ChecksumSHA256: checksum,
      ...(options.contentType !== undefined && { ContentType: options.contentType }),
    });
    const headers: Record<string, string> = {
      [`x-amz-meta-${sha256MetadataKey}`]: sha256,
      'x-amz-checksum-sha256': checksum,
      ...(options.contentType !== undefined && { 'content-type': options.contentType }),
    };
    return this.sign(key, 'PUT', command, options.expiresInSeconds, headers);
  }

  private async sign(
    key: string,
    method: 'GET' | 'PUT',
    command: GetObjectCommand | PutObjectCommand,
    expiresInSeconds: number | undefined,
    headers: Record<string, string>,
  ): Promise<PresignedRequest> {
    const expiresIn = expiresInSeconds ?? this.defaultExpiresInSeconds;
    if (!Number.isSafeInteger(expiresIn) || expiresIn < 1 || expiresIn > maxPresignSeconds) {
      throw new InvalidArgumentError(
        `expiresInSeconds ${expiresIn} for blob "${key}" must be a whole number from 1 to ${maxPresignSeconds} (7 days)`,
        { field: 'expiresInSeconds' },
      );
    }
    const signedAt = Date.now();
    try {
      const url = await getSignedUrl(this.target.client, command, {
        expiresIn,
        signableHeaders: new Set(Object.keys(headers)),
        unhoistableHeaders: new Set(boundHeaders),
      });
      return { url, method, headers, expiresAt: new Date(signedAt + expiresIn * 1000) };
    } catch (err) {
      throw mapS3Error(err, this.target.location, `presigning a ${method} of blob "${key}"`);
    }
  }
}
