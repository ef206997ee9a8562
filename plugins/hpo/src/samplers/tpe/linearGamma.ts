/**
 * TPE's gamma as a share of the history: of `n` finished trials, min(ceil(ratio * n), 25) form the
 * "good" group. Optuna's default is the ratio 0.1.
 */
export function linearGamma(ratio: number): (n: number) => number {
  return (n) => Math.min(Math.ceil(ratio * n), 25);
}
