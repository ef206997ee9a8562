import { DataLossError, InvalidArgumentError } from '@mlops/plugin-api';

/**
 * An expected sha256 as lowercase hex.
 * @throws InvalidArgumentError with `details.field` `sha256` unless it is 64 hex digits.
 */
export function parseSha256(value: string, key: string): string {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{64}$/.test(value)) {
    throw new InvalidArgumentError(`sha256 ${JSON.stringify(value)} for blob "${key}" is not 64 hex digits`, {
      field: 'sha256',
    });
  }
  return value.toLowerCase();
}

/** The DataLossError of bytes that arrived with another sha256 than the one declared; nothing was stored. */
export function checksumRefusal(key: string, actual: string, expected: string): DataLossError {
  return new DataLossError(
    `blob "${key}" was not stored: its bytes hash to ${actual}, but sha256 ${expected} was expected`,
    { field: 'sha256', reason: 'checksum_mismatch' },
  );
}
