import { InvalidArgumentError, type NewTrafficExperiment } from '@mlops/plugin-api';

function fail(field: string, message: string): never {
  throw new InvalidArgumentError(`${field} ${message}`, { field });
}

/**
 * Checks an experiment's input and fills its defaults (percent 10 for a canary, 100 for a shadow;
 * 20 requests before guards judge).
 * @throws InvalidArgumentError naming the field.
 */
export function checkNewExperiment(
  input: NewTrafficExperiment,
): NewTrafficExperiment & { percent: number; minRequests: number } {
  if (input.kind !== 'canary' && input.kind !== 'shadow') fail('kind', 'must be canary or shadow');
  if (!Number.isInteger(input.version) || input.version < 1) fail('version', 'must be a positive integer');
  const percent = input.percent ?? (input.kind === 'canary' ? 10 : 100);
  if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100))
    fail('percent', 'must be between 0 and 100');
  if (input.stickyBy !== undefined && (typeof input.stickyBy !== 'string' || input.stickyBy === '')) {
    fail('stickyBy', 'must be a parameter name');
  }
  const { maxErrorRate, maxLatencyMs } = input;
  if (maxErrorRate !== undefined && !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
    fail('maxErrorRate', 'must be between 0 and 1');
  }
  if (maxLatencyMs !== undefined && !(maxLatencyMs > 0)) fail('maxLatencyMs', 'must be above 0');
  const minRequests = input.minRequests ?? 20;
  if (!Number.isInteger(minRequests) || minRequests < 1) fail('minRequests', 'must be a positive integer');
  return { ...input, percent, minRequests };
}
