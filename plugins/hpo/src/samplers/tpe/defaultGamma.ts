/** Optuna's default TPE gamma: how many of `n` observations form the "good" group, min(ceil(0.1 n), 25). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}
