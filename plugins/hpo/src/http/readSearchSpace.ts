import { InvalidArgumentError, isMlopsError } from '@mlops/plugin-api';
import { validateDistribution } from '../distributions/validateDistribution.js';
import type { Distribution, ParamValue } from '../study/StudyStorage.js';

/** A distribution as a request body gives it: `log` and an int's `step` may be left out. */
export interface WireDistribution {
  readonly kind: 'float' | 'int' | 'categorical';
  readonly low?: number;
  readonly high?: number;
  readonly log?: boolean;
  readonly step?: number;
  readonly choices?: readonly ParamValue[];
}

/**
 * The search space of an ask request as distributions, each checked as `suggest*` would check it.
 * @throws InvalidArgumentError naming `search_space.<name>` (or `.low`, `.high`, `.choices`).
 */
export function readSearchSpace(
  space: Readonly<Record<string, WireDistribution>>,
): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const [name, wire] of Object.entries(space)) {
    const field = `search_space.${name}`;
    const need = <T>(value: T | undefined, key: string): T => {
      if (value === undefined) {
        throw new InvalidArgumentError(`${field}.${key} is required for a ${wire.kind} parameter`, {
          field: `${field}.${key}`,
        });
      }
      return value;
    };
    let distribution: Distribution;
    if (wire.kind === 'categorical')
      distribution = { kind: 'categorical', choices: need(wire.choices, 'choices') };
    else {
      const low = need(wire.low, 'low');
      const high = need(wire.high, 'high');
      const log = wire.log ?? false;
      distribution =
        wire.kind === 'int'
          ? { kind: 'int', low, high, log, step: wire.step ?? 1 }
          : { kind: 'float', low, high, log, ...(wire.step === undefined ? {} : { step: wire.step }) };
    }
    try {
      validateDistribution(name, distribution);
    } catch (err) {
      if (isMlopsError(err, 'InvalidArgument')) {
        throw new InvalidArgumentError(`search_space: ${err.message}`, { field }, { cause: err });
      }
      throw err;
    }
    out[name] = distribution;
  }
  return out;
}
