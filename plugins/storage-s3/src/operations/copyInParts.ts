import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

/** 512 MiB parts keep a 5 TiB object under S3's 10,000 parts. */
const copyPartBytes = 512 * 1024 ** 2;
const maxParts = 10_000;

/**
 * Copies an object larger than CopyObject allows (5 GiB) by a multipart upload of UploadPartCopy
 * parts, server-side; the destination appears whole at CompleteMultipartUpload, or not at all.
 * s3rver lacks UploadPartCopy, so this path runs only on AWS S3 and servers that have it (MinIO).
 * @throws the SDK's error, after aborting the upload.
 */
export async function copyInParts(
  client: S3Client,
  destination: CreateMultipartUploadCommandInput,
  copySource: string,
  size: number,
): Promise<void> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand(destination));
  const upload = { Bucket: destination.Bucket, Key: destination.Key, UploadId };
  try {
    const partBytes = Math.max(copyPartBytes, Math.ceil(size / maxParts));
    const parts: { PartNumber: number; ETag: string | undefined }[] = [];
    for (let start = 0, partNumber = 1; start < size; start += partBytes, partNumber++) {
      const end = Math.min(start + partBytes, size) - 1;
      const copied = await client.send(
        new UploadPartCopyCommand({
          ...upload,
          PartNumber: partNumber,
          CopySource: copySource,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ PartNumber: partNumber, ETag: copied.CopyPartResult?.ETag });
    }
    await client.send(new CompleteMultipartUploadCommand({ ...upload, MultipartUpload: { Parts: parts } }));
  } catch (err) {
    await client.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
    throw err;
  }
}
