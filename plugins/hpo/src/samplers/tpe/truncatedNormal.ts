import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import type { Rng } from '../Rng.js';

const SQRT1_2 = Math.SQRT1_2;

/** Φ(z), the standard normal CDF, through erfc so the lower tail keeps its precision. */
function standardNormalCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT1_2);
}

/**
 * log(Φ(b) - Φ(a)) for a <= b, computed on the side where the difference does not cancel: both
 * bounds in the upper tail are mirrored into the lower one.
 */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return Math.log(standardNormalCdf(b) - standardNormalCdf(a));
  if (a >= 0) return Math.log(standardNormalCdf(-a) - standardNormalCdf(-b));
  return Math.log(1 - standardNormalCdf(a) - standardNormalCdf(-b));
}

/**
 * A draw from N(mu, sigma²) truncated to [low, high], by inverting the CDF. Samplers only truncate
 * around a mean inside the range, so Φ(a) and Φ(b) never both sit in the same far tail.
 */
export function sampleTruncatedNormal(
  rng: Rng,
  mu: number,
  sigma: number,
  low: number,
  high: number,
): number {
  const a = (low - mu) / sigma;
  const b = (high - mu) / sigma;
  if (a >= 0) {
    // The mass lies in the upper tail: sample the mirror image in the lower one.
    const pa = standardNormalCdf(-b);
    const pb = standardNormalCdf(-a);
    const z = -standardNormalPpf(pa + rng.next() * (pb - pa));
    return clampTo(mu + sigma * z, low, high);
  }
  const pa = standardNormalCdf(a);
  const pb = standardNormalCdf(b);
  return clampTo(mu + sigma * standardNormalPpf(pa + rng.next() * (pb - pa)), low, high);
}

function standardNormalPpf(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

function clampTo(x: number, low: number, high: number): number {
  return Number.isNaN(x) ? 0.5 * (low + high) : x < low ? low : x > high ? high : x;
}
