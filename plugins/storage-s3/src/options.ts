import type { JsonSchema } from '@mlops/plugin-api';

/** Static credentials; without them the AWS SDK's default provider chain is used (env, profile, role). */
export interface S3Credentials {
  readonly accessKeyId: string;
  /** Secret: masked in printed options and logs. */
  readonly secretAccessKey: string;
  /** For temporary credentials. Secret: masked in printed options and logs. */
  readonly sessionToken?: string;
}

/** When the AWS SDK adds or checks CRC checksums: whenever the API allows, or only where it requires. */
export type ChecksumMode = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

/** Options of {@link storageS3Plugin}. */
export interface StorageS3Options {
  /** The bucket holding the objects; it must exist. */
  readonly bucket: string;
  /**
   * A key prefix inside the bucket, e.g. `mlops/artifacts` (a `/` is added when missing), so that
   * several deployments can share a bucket. Empty: keys sit at the bucket's root.
   */
  readonly prefix: string;
  /** The AWS region; without it the SDK reads `AWS_REGION` (or the profile). Use `us-east-1` for MinIO. */
  readonly region?: string;
  /** The S3 API URL of a non-AWS server, e.g. `http://127.0.0.1:9000` for MinIO. */
  readonly endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`): needed by MinIO and s3rver. */
  readonly forcePathStyle: boolean;
  readonly credentials?: S3Credentials;
  /** `WHEN_REQUIRED` for s3rver, which stores streamed aws-chunked bodies with their framing. */
  readonly requestChecksumCalculation: ChecksumMode;
  readonly responseChecksumValidation: ChecksumMode;
  /** Size of the parts a streamed put is sent in (S3's minimum is 5 MiB); memory use is about `partSizeBytes * queueSize`. */
  readonly partSizeBytes: number;
  /** Parts of one put in flight at once. */
  readonly queueSize: number;
  /** Lifetime of presigned URLs when the caller gives none (1 s to 7 days). */
  readonly presignExpiresInSeconds: number;
}

/** 8 MiB: the AWS SDK's own default part size would be 5 MiB; 8 MiB halves the requests of a large put. */
export const defaultPartSizeBytes = 8 * 1024 * 1024;

/** Seven days: the longest a SigV4 presigned URL may live. */
export const maxPresignSeconds = 7 * 24 * 3600;

const checksumMode = { type: 'string', enum: ['WHEN_SUPPORTED', 'WHEN_REQUIRED'], default: 'WHEN_SUPPORTED' };

/** JSON Schema of {@link StorageS3Options}; the kernel validates options, fills defaults and masks secrets. */
export const storageS3OptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['bucket'],
  properties: {
    bucket: { type: 'string', minLength: 3, maxLength: 63 },
    // Relative, no empty or `..` segment: the same rules as blob keys, trailing `/` allowed.
    prefix: {
      type: 'string',
      default: '',
      pattern: '^$|^(?!/)(?!.*//)(?!(.*/)?\\.\\.(/|$))[^\\u0000]+$',
    },
    region: { type: 'string', minLength: 1 },
    endpoint: { type: 'string', pattern: '^https?://' },
    forcePathStyle: { type: 'boolean', default: false },
    credentials: {
      type: 'object',
      additionalProperties: false,
      required: ['accessKeyId', 'secretAccessKey'],
      properties: {
        accessKeyId: { type: 'string', minLength: 1 },
        secretAccessKey: { type: 'string', minLength: 1, writeOnly: true },
        sessionToken: { type: 'string', minLength: 1, writeOnly: true },
      },
    },
    requestChecksumCalculation: checksumMode,
    responseChecksumValidation: checksumMode,
    partSizeBytes: { type: 'integer', minimum: 5 * 1024 * 1024, default: defaultPartSizeBytes },
    queueSize: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
    presignExpiresInSeconds: { type: 'integer', minimum: 1, maximum: maxPresignSeconds, default: 900 },
  },
};
