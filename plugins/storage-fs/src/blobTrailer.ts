import { crc32 } from 'node:zlib';

/**
 * What a stored file says of its bytes, in a trailer after them. Object files carry `key`,
 * `contentType` and `lastModified`; part files of multipart uploads carry `partNumber`.
 */
export interface BlobFileMeta {
  readonly size: number;
  /** Hex sha256 of the `size` bytes before the trailer. */
  readonly sha256: string;
  readonly key?: string;
  readonly contentType?: string;
  /** ISO 8601, as written. */
  readonly lastModified?: string;
  readonly partNumber?: number;
}

/**
 * Fixed end of every file: the JSON's length and CRC-32 (u32 big-endian each), then the magic.
 * The CRC catches a flipped byte in the metadata, which JSON.parse alone could let through.
 */
export const trailerTailBytes = 12;
const magic = Buffer.from('MLB1', 'latin1');

/** The trailer that follows the bytes: the metadata as JSON, then the fixed tail. */
export function encodeBlobTrailer(meta: BlobFileMeta): Buffer {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const tail = Buffer.alloc(trailerTailBytes);
  tail.writeUInt32BE(json.length, 0);
  tail.writeUInt32BE(crc32(json), 4);
  magic.copy(tail, 8);
  return Buffer.concat([json, tail]);
}

/** The JSON length a fixed tail announces; undefined when the tail is not one this store wrote. */
export function trailerJsonLength(tail: Buffer): number | undefined {
  return tail.length === trailerTailBytes && tail.subarray(8).equals(magic)
    ? tail.readUInt32BE(0)
    : undefined;
}

/**
 * The metadata of a trailer whose JSON and tail are `json` and `tail`, checked against the
 * file's length; a string saying what is wrong when it does not hold up.
 */
export function decodeBlobTrailer(json: Buffer, tail: Buffer, fileBytes: number): BlobFileMeta | string {
  if (crc32(json) !== tail.readUInt32BE(4)) return 'its metadata fails its CRC-32';
  let meta: unknown;
  try {
    meta = JSON.parse(json.toString('utf8'));
  } catch {
    return 'its metadata is not JSON';
  }
  const { size, sha256 } = (meta ?? {}) as Partial<BlobFileMeta>;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return 'its metadata has no sha256';
  const dataBytes = fileBytes - json.length - trailerTailBytes;
  if (size !== dataBytes) return `it holds ${dataBytes} bytes, but ${String(size)} were written`;
  return meta as BlobFileMeta;
}
