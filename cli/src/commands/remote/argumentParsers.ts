import { InvalidArgumentError } from 'commander';

/** Parses a positive integer argument or option value (a version, `--max-results`). */
export function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive integer.');
  return Number(value);
}

/** Collects repeated `--tag key=value` options into one object; the value may contain `=`. */
export function collectTag(
  value: string,
  tags: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected key=value.');
  return { ...tags, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Collects a repeated option into a list. */
export function collect(value: string, list: readonly string[] = []): string[] {
  return [...list, value];
}
