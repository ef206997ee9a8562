/**
 * Optuna's default TPE weights for `n` observations in trial order: all 1 below 25, else a linear
 * ramp from 1/n up to 1 over the oldest n - 25 and 1 for the newest 25.
 */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const ramp = n - 25;
  // numpy's linspace(1/n, 1, ramp): the first point is 1/n, the last (when ramp > 1) is 1.
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}
