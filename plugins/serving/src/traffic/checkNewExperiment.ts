import { InvalidArgumentError, type NewTrafficExperiment } from '@mlops/plugin-api';

function fail(field: string, message: string): never {
  throw new InvalidArgumentError(`${field} ${message}`, { field });
}

/** A checked {@link NewTrafficExperiment} with its defaults filled. */
export type CheckedExperiment = NewTrafficExperiment & {
  percent: number;
  minRequests: number;
  steps: readonly number[];
  stepMinRequests: number;
  stepMinMs: number;
  shadowConcurrency: number;
};

/**
 * Checks an experiment's input and fills its defaults (percent 10 for a canary, 100 for a shadow;
 * 20 requests before guards judge; no steps; 16 shadow requests in flight).
 * @throws InvalidArgumentError naming the field.
 */
export function checkNewExperiment(input: NewTrafficExperiment): CheckedExperiment {
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
  const { maxErrorRateIncrease, maxLatencyRatio } = input;
  if (maxErrorRateIncrease !== undefined && !(maxErrorRateIncrease >= 0 && maxErrorRateIncrease <= 1)) {
    fail('maxErrorRateIncrease', 'must be between 0 and 1');
  }
  if (maxLatencyRatio !== undefined && !(maxLatencyRatio > 1)) fail('maxLatencyRatio', 'must be above 1');
  const steps = input.steps ?? [];
  if (!Array.isArray(steps)) fail('steps', 'must be a list of percentages');
  if (steps.length > 0 && input.kind !== 'canary') fail('steps', 'are for a canary only');
  steps.forEach((step, i) => {
    const previous = i === 0 ? percent : steps[i - 1]!;
    if (typeof step !== 'number' || !(step > previous && step <= 100)) {
      fail(`steps/${i}`, `must be above ${previous} and at most 100`);
    }
  });
  const stepMinRequests = input.stepMinRequests ?? minRequests;
  if (!Number.isInteger(stepMinRequests) || stepMinRequests < 1) {
    fail('stepMinRequests', 'must be a positive integer');
  }
  const stepMinMs = input.stepMinMs ?? 0;
  if (typeof stepMinMs !== 'number' || !(stepMinMs >= 0)) fail('stepMinMs', 'must be 0 or more');
  const shadowConcurrency = input.shadowConcurrency ?? 16;
  if (!Number.isInteger(shadowConcurrency) || shadowConcurrency < 1) {
    fail('shadowConcurrency', 'must be a positive integer');
  }
  return { ...input, percent, minRequests, steps, stepMinRequests, stepMinMs, shadowConcurrency };
}
