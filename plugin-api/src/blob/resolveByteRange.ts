import { InvalidArgumentError } from '../errors.js';
import type { GetOptions } from '../ports/BlobStore.js';

/** A byte range of one object, both ends inclusive and inside it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Checks a requested range against an object of `size` bytes, as the BlobStore port specifies:
 * an `end` past the last byte is clamped; anything else out of bounds is refused.
 * @throws InvalidArgumentError with `details.field` `range`.
 */
export function resolveByteRange(
  key: string,
  range: NonNullable<GetOptions['range']>,
  size: number,
): ByteRange {
  const { start, end } = range;
  const refuse = (why: string): never => {
    throw new InvalidArgumentError(`range ${JSON.stringify(range)} of blob "${key}" is invalid: ${why}`, {
      field: 'range',
    });
  };
  if (!Number.isSafeInteger(start) || start < 0) refuse('start must be a whole number >= 0');
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) {
    refuse('end must be a whole number >= start');
  }
  if (start >= size) refuse(`start is past the last byte (the object has ${size} bytes)`);
  return { start, end: Math.min(end ?? size - 1, size - 1) };
}
