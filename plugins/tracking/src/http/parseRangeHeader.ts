/**
 * The byte range of a `Range: bytes=<start>-[<end>]` header (end inclusive), or undefined when
 * there is none or it is of a form served whole (suffix ranges, several ranges, other units).
 */
export function parseRangeHeader(
  header: string | string[] | undefined,
): { start: number; end?: number } | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const match = /^bytes=(\d+)-(\d*)$/.exec(text?.trim() ?? '');
  if (match === null) return undefined;
  const start = Number(match[1]);
  return match[2] === '' ? { start } : { start, end: Number(match[2]) };
}
