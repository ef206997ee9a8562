import { InvalidArgumentError } from '@mlops/plugin-api';
import type { Distribution, ParamValue, StudyDirection } from '../study/StudyStorage.js';

/** A finished trial as the importance evaluator sees it: its params and the objective's value. */
export interface ImportanceSample {
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly value: number;
}

/** One parameter's importance; the importances of a study sum to 1 (unless all are 0). */
export interface ParamImportance {
  readonly name: string;
  readonly importance: number;
}

/** Options of {@link pedAnovaImportances}. */
export interface PedAnovaOptions {
  /** Whether small or large values are good. */
  readonly direction: StudyDirection;
  /** The share of trials counted as "top" (Optuna's `target_quantile`); default 0.1. */
  readonly quantile?: number;
  /** Grid points on which a numerical parameter's densities are compared; default 50. */
  readonly gridSize?: number;
}

/**
 * Parameter importances by PED-ANOVA (Watanabe et al., IJCAI 2023; Optuna's
 * `PedAnovaImportanceEvaluator`): for each parameter, the Pearson divergence between its density
 * among the top `quantile` of trials and among all trials. A parameter whose good values are
 * spread like all its values does not matter; one whose good values crowd into a small region
 * does. Numerical parameters get Gaussian Parzen estimators (Scott's bandwidth) on a grid of the
 * unit interval (log-scaled for log distributions); categorical ones get smoothed frequencies.
 * It needs no model fitting, so it costs O(trials × grid) per parameter. Non-finite values and
 * trials without a parameter are left out of that parameter's estimate.
 * @returns the parameters by decreasing importance, normalised to sum to 1.
 * @throws InvalidArgumentError when `quantile` is not in (0, 1] (`field` is `quantile`).
 */
export function pedAnovaImportances(
  samples: readonly ImportanceSample[],
  options: PedAnovaOptions,
): ParamImportance[] {
  const quantile = options.quantile ?? 0.1;
  if (!(quantile > 0 && quantile <= 1)) {
    throw new InvalidArgumentError(`quantile must be in (0, 1], got ${quantile}`, { field: 'quantile' });
  }
  const gridSize = options.gridSize ?? 50;
  const finite = samples.filter((s) => Number.isFinite(s.value));
  const sign = options.direction === 'minimize' ? 1 : -1;
  const sorted = [...finite].sort((a, b) => sign * (a.value - b.value));
  const topCount = Math.min(sorted.length, Math.max(2, Math.ceil(sorted.length * quantile)));
  const top = new Set(sorted.slice(0, topCount));
  const names = [...new Set(finite.flatMap((s) => Object.keys(s.params)))].sort();
  const raw = names.map((name) => {
    const having = finite.filter((s) => name in s.params && name in s.distributions);
    const topHaving = having.filter((s) => top.has(s));
    if (topHaving.length < 2 || having.length === topHaving.length) return { name, importance: 0 };
    const distribution = having[having.length - 1]!.distributions[name]!;
    const all = densityOf(
      having.map((s) => s.params[name]!),
      distribution,
      gridSize,
    );
    const good = densityOf(
      topHaving.map((s) => s.params[name]!),
      distribution,
      gridSize,
    );
    let divergence = 0;
    for (let i = 0; i < all.length; i++) {
      const ratio = good[i]! / all[i]!;
      divergence += all[i]! * (ratio - 1) ** 2;
    }
    return { name, importance: divergence };
  });
  const total = raw.reduce((sum, r) => sum + r.importance, 0);
  return raw
    .map((r) => ({ name: r.name, importance: total > 0 ? r.importance / total : 0 }))
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
}

/** A probability vector over the grid (numerical) or the choices (categorical); never 0 anywhere. */
function densityOf(values: readonly ParamValue[], distribution: Distribution, gridSize: number): number[] {
  if (distribution.kind === 'categorical') {
    const counts = distribution.choices.map(() => 1 / distribution.choices.length);
    for (const v of values) {
      const i = distribution.choices.indexOf(v);
      if (i >= 0) counts[i]! += 1;
    }
    return normalise(counts);
  }
  const points = values.filter((v): v is number => typeof v === 'number').map((v) => unitOf(v, distribution));
  const n = points.length;
  const mean = points.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(points.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  // Scott's rule, floored at one grid cell so a handful of equal values still spreads a little.
  const bandwidth = Math.max(1.059 * sd * n ** -0.2, 1 / gridSize);
  const density = Array.from({ length: gridSize }, (_, g) => {
    const x = (g + 0.5) / gridSize;
    let sum = 0;
    for (const p of points) sum += Math.exp(-0.5 * ((x - p) / bandwidth) ** 2);
    return sum;
  });
  // A uniform prior worth one observation keeps every cell positive, so the ratio is defined.
  const prior = density.reduce((a, b) => a + b, 0) / n / gridSize;
  return normalise(density.map((d) => d + prior));
}

/** Where `value` lies in [low, high] as a fraction, on the distribution's scale. */
function unitOf(value: number, distribution: Exclude<Distribution, { kind: 'categorical' }>): number {
  const { low, high, log } = distribution;
  if (high === low) return 0.5;
  const u = log
    ? (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low))
    : (value - low) / (high - low);
  return Math.min(1, Math.max(0, u));
}

function normalise(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
