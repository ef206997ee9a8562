import { requireParameter } from './requireParameter.js';
import { standardNormalPpf } from './standardNormalPpf.js';

/**
 * Percent point function (quantile, inverse of `normalCdf`) of the normal distribution:
 * the x with P(X <= x) = p. p = 0 gives -Infinity and p = 1 gives Infinity.
 *
 * @param p - probability in [0, 1].
 * @param mean - finite; 0 by default.
 * @param sd - standard deviation, finite and greater than 0; 1 by default.
 * @throws InvalidArgumentError when an argument is out of range (`details.field` names it).
 * @example normalPpf(0.975) // 1.959963984540054
 */
export function normalPpf(p: number, mean = 0, sd = 1): number {
  requireParameter('p', p, 'probability');
  requireParameter('mean', mean, 'finite');
  requireParameter('sd', sd, 'positiveFinite');
  return mean + sd * standardNormalPpf(p);
}
