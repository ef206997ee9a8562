import { S3Client } from '@aws-sdk/client-s3';
import type { StorageS3Options } from './options.js';
import { S3Location } from './S3Location.js';

/** The SDK client and the location it serves, built from the plugin's options. */
export interface S3Target {
  readonly client: S3Client;
  readonly location: S3Location;
}

/** Builds the S3 client (static credentials or the SDK's default chain) and the store's location. */
export function createS3Client(options: StorageS3Options): S3Target {
  const client = new S3Client({
    ...(options.region !== undefined && { region: options.region }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    forcePathStyle: options.forcePathStyle,
    requestChecksumCalculation: options.requestChecksumCalculation,
    responseChecksumValidation: options.responseChecksumValidation,
  });
  return { client, location: new S3Location(options.bucket, options.prefix, endpointLabel(options)) };
}

/** The endpoint as error messages show it: never with user info, which could hold a secret. */
function endpointLabel(options: StorageS3Options): string {
  if (options.endpoint === undefined) return `AWS S3 (region ${options.region ?? 'from the environment'})`;
  try {
    const url = new URL(options.endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return 'the configured endpoint';
  }
}
