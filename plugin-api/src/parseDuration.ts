import { InvalidArgumentError } from './errors.js';

const units: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/**
 * Milliseconds of a command-line duration such as `30d`, `12h`, `45m`, `10s` or `0s`.
 * @throws InvalidArgumentError naming `flag`.
 */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)([dhms])$/.exec(text.trim());
  if (match === null) {
    throw new InvalidArgumentError(`${flag} must be a duration such as 30d, 12h, 45m or 10s, got "${text}"`, {
      field: flag,
    });
  }
  return Number(match[1]) * units[match[2]!]!;
}
