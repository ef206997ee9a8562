import type { Trial } from '@mlops/plugin-hpo';

/** A test function of bench/hpo.ts: its search space is what it suggests. Mirrors bench/reference/optuna_reference.py. */
export interface BenchmarkFunction {
  readonly name: string;
  /** The global minimum, for reading the tables. */
  readonly minimum: number;
  readonly objective: (trial: Trial) => number;
}

const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const ACTIVATION_COST: Record<string, number> = { relu: 0, tanh: 0.6, sigmoid: 1.2 };

/** Branin (2-D), Hartmann6, Rosenbrock 4-D on [-5,10]^4, Ackley 5-D on [-32.768,32.768]^5, and a mixed space. */
export const benchmarkFunctions: readonly BenchmarkFunction[] = [
  {
    name: 'branin',
    minimum: 0.397887,
    objective: (t) => {
      const x = t.suggestFloat('x', -5, 10);
      const y = t.suggestFloat('y', 0, 15);
      const b = 5.1 / (4 * Math.PI ** 2);
      return (y - b * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    },
  },
  {
    name: 'hartmann6',
    minimum: -3.32237,
    objective: (t) => {
      const x = Array.from({ length: 6 }, (_, i) => t.suggestFloat(`x${i}`, 0, 1));
      let total = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HARTMANN_A[i]![j]! * (x[j]! - 1e-4 * HARTMANN_P[i]![j]!) ** 2;
        total += HARTMANN_ALPHA[i]! * Math.exp(-inner);
      }
      return -total;
    },
  },
  {
    name: 'rosenbrock4',
    minimum: 0,
    objective: (t) => {
      const x = Array.from({ length: 4 }, (_, i) => t.suggestFloat(`x${i}`, -5, 10));
      let sum = 0;
      for (let i = 0; i < 3; i++) sum += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
      return sum;
    },
  },
  {
    name: 'ackley5',
    minimum: 0,
    objective: (t) => {
      const x = Array.from({ length: 5 }, (_, i) => t.suggestFloat(`x${i}`, -32.768, 32.768));
      const s1 = x.reduce((s, v) => s + v * v, 0) / x.length;
      const s2 = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / x.length;
      return -20 * Math.exp(-0.2 * Math.sqrt(s1)) - Math.exp(s2) + 20 + Math.E;
    },
  },
  {
    name: 'mixed',
    minimum: 0,
    objective: (t) => {
      const x = t.suggestFloat('x', -5, 5);
      const lr = t.suggestFloat('lr', 1e-5, 1, { log: true });
      const units = t.suggestInt('units', 1, 10);
      const activation = t.suggestCategorical('activation', ['relu', 'tanh', 'sigmoid']);
      return (
        (x - 1.5) ** 2 + (Math.log10(lr) + 2.5) ** 2 + 0.25 * (units - 6) ** 2 + ACTIVATION_COST[activation]!
      );
    },
  },
];
