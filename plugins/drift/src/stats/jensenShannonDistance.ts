import { InvalidArgumentError } from '@mlops/plugin-api';

function normalized(field: string, weights: readonly number[]): number[] {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(typeof w === 'number' && w >= 0 && Number.isFinite(w))) {
      throw new InvalidArgumentError(`${field}[${i}] must be a finite number >= 0, got ${String(w)}`, {
        field: `${field}[${i}]`,
      });
    }
    sum += w;
  }
  if (!(sum > 0))
    throw new InvalidArgumentError(`${field} must have a positive sum`, { field, reason: 'empty' });
  return weights.map((w) => w / sum);
}

/** x log(x / y), with 0 log(0 / y) = 0: scipy.special.rel_entr for the non-negative inputs used here. */
function relativeEntropy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(x / y);
}

/**
 * The Jensen-Shannon distance between two discrete distributions, as
 * `scipy.spatial.distance.jensenshannon(p, q, base)`: both are normalized to sum to 1, then
 * sqrt((KL(p || m) + KL(q || m)) / 2) with m = (p + q) / 2, natural logarithm unless `base` is
 * given (base 2 bounds it by 1). Symmetric; 0 for identical distributions.
 * @throws InvalidArgumentError naming `p`, `q` or `base` for different lengths, negative or
 * non-finite weights, a zero sum, or a base that is not a finite number > 0 other than 1.
 * @example jensenShannonDistance([1, 0, 0], [0, 1, 0], 2) // 1
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base?: number): number {
  if (p.length !== q.length) {
    throw new InvalidArgumentError(`p and q must have the same length, got ${p.length} and ${q.length}`, {
      field: 'q',
    });
  }
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) {
    throw new InvalidArgumentError(`base must be a finite number > 0 other than 1, got ${String(base)}`, {
      field: 'base',
    });
  }
  const pn = normalized('p', p);
  const qn = normalized('q', q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    left += relativeEntropy(pn[i]!, m);
    right += relativeEntropy(qn[i]!, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}
