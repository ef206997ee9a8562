import { InvalidArgumentError } from '@mlops/plugin-api';
import type { PValueAdjustment } from './types.js';

/**
 * Corrects p-values for testing many columns at once, returned in the input order:
 * `'bonferroni'` multiplies each by the number of tests (controls the family-wise error rate);
 * `'benjamini-hochberg'` gives p_(i) m / i made monotone from the largest down (controls the false
 * discovery rate; scipy's `false_discovery_control(ps, method='bh')`). Both are capped at 1.
 * @throws InvalidArgumentError naming `pValues[i]` for a value outside [0, 1], or `method`.
 * @example adjustPValues([0.01, 0.04, 0.03], 'benjamini-hochberg') // [0.03, 0.04, 0.04]
 */
export function adjustPValues(pValues: readonly number[], method: PValueAdjustment): number[] {
  pValues.forEach((p, i) => {
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(
        `pValues[${i}] must be a probability between 0 and 1, got ${String(p)}`,
        {
          field: `pValues[${i}]`,
        },
      );
    }
  });
  const m = pValues.length;
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  if (method !== 'benjamini-hochberg') {
    throw new InvalidArgumentError(`method must be bonferroni or benjamini-hochberg, got ${String(method)}`, {
      field: 'method',
    });
  }
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (pValues[i]! * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}
