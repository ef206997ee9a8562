import { createHash } from 'node:crypto';

/**
 * Longest escaped segment kept readable; a longer one is named by its hash, so that no file name
 * passes the 255-byte limit of common filesystems.
 */
const longestReadable = 200;

/** Marks a directory name: escaping turns every `~` of a segment into `%7e`, so no object name ends with one. */
const directoryMark = '~';

const readableByte = /^[a-z0-9._-]$/;
const canonicalName = /^(?:[a-z0-9._-]|%[0-9a-f]{2})+$/;
const hashedName = /^#[0-9a-f]{64}$/;

/** What a name in the objects tree stands for; `segment` is undefined for a hashed (long) segment. */
export interface ParsedEntryName {
  readonly kind: 'object' | 'directory';
  readonly segment?: string;
  /** The hash that names a long segment. */
  readonly hash?: string;
}

/**
 * The file name of an object whose key ends with `segment`. Every byte but `a-z 0-9 . _ -` is
 * percent-escaped in lowercase hex, so that names differing only in case or Unicode normalization
 * (which macOS folds together) stay apart, and `.` alone is escaped so no name is `.`.
 */
export function objectFileName(segment: string): string {
  const escaped = escapeSegment(segment);
  return escaped.length > longestReadable ? `#${hashOfSegment(segment)}` : escaped;
}

/** The directory name of a key segment followed by `/`: the object file name plus `~`. */
export function directoryName(segment: string): string {
  return objectFileName(segment) + directoryMark;
}

/** Hex sha256 of a segment's UTF-8 bytes: the name of a segment too long to keep readable. */
export function hashOfSegment(segment: string): string {
  return createHash('sha256').update(segment, 'utf8').digest('hex');
}

/**
 * Reads a name back: undefined for any name this store would not have made (another tool's
 * `.DS_Store`, say), which the listing then ignores.
 */
export function parseEntryName(name: string): ParsedEntryName | undefined {
  const kind = name.endsWith(directoryMark) ? 'directory' : 'object';
  const stem = kind === 'directory' ? name.slice(0, -1) : name;
  if (hashedName.test(stem)) return { kind, hash: stem.slice(1) };
  if (!canonicalName.test(stem) || stem.length > longestReadable) return undefined;
  let segment: string;
  try {
    segment = decodeURIComponent(stem);
  } catch {
    return undefined;
  }
  return escapeSegment(segment) === stem ? { kind, segment } : undefined;
}

function escapeSegment(segment: string): string {
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2e');
  let out = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += readableByte.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
