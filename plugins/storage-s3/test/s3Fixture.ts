import { type AddressInfo, createServer } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PluginOptionsInput } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import type { S3Server } from '@mlops/test-servers';
import { type StorageS3Options, storageS3Plugin } from '../src/index.js';

/** Plugin options that reach `s3`, as the README documents them for s3rver. */
export function s3rverOptions(
  s3: S3Server,
  extra: PluginOptionsInput<StorageS3Options> = {},
): PluginOptionsInput<StorageS3Options> {
  return {
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...extra,
  };
}

/** A started test kernel with the plugin on `s3`. */
export function startS3Kernel(
  s3: S3Server,
  extra: PluginOptionsInput<StorageS3Options> = {},
): Promise<TestKernel> {
  return createTestKernel({ plugins: [storageS3Plugin(s3rverOptions(s3, extra))] });
}

/** A client of its own on `s3`, to look at and tamper with objects behind the store's back. */
export function rawClient(s3: S3Server): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Every object key in the bucket, the reserved folder included. */
export async function allObjectKeys(client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((item) => item.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

/** Flips one byte of an object in place, keeping its metadata (so its recorded sha256 no longer matches). */
export async function corruptObject(client: S3Client, bucket: string, objectKey: string): Promise<void> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: objectKey,
      Body: bytes,
      Metadata: object.Metadata,
      ContentType: object.ContentType,
    }),
  );
}

/** A port of 127.0.0.1 where nothing listens (it was free a moment ago). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
