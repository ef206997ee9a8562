import type { Example } from './makeDataset.js';

/** The weights of a trained model, as saved in the model artifact. */
export interface LogisticRegressionWeights {
  readonly kind: 'logistic-regression';
  readonly weights: readonly number[];
  readonly bias: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Binary logistic regression trained by full-batch gradient descent on the log loss. */
export class LogisticRegression {
  private weights: number[];
  private bias = 0;

  constructor(
    features: number,
    private readonly learningRate: number,
    private readonly l2 = 0,
  ) {
    this.weights = new Array<number>(features).fill(0);
  }

  /** P(y = 1 | x). */
  predictProbability(x: readonly number[]): number {
    let z = this.bias;
    for (let j = 0; j < this.weights.length; j += 1) z += (this.weights[j] as number) * (x[j] as number);
    return sigmoid(z);
  }

  /** One gradient step over every example. */
  step(examples: readonly Example[]): void {
    const gradient = new Array<number>(this.weights.length).fill(0);
    let gradientBias = 0;
    for (const { x, y } of examples) {
      const error = this.predictProbability(x) - y;
      for (let j = 0; j < gradient.length; j += 1)
        gradient[j] = (gradient[j] as number) + error * (x[j] as number);
      gradientBias += error;
    }
    const n = examples.length;
    this.weights = this.weights.map(
      (w, j) => w - this.learningRate * ((gradient[j] as number) / n + this.l2 * w),
    );
    this.bias -= this.learningRate * (gradientBias / n);
  }

  /** Mean log loss (probabilities clipped so that a confident mistake stays finite). */
  loss(examples: readonly Example[]): number {
    let total = 0;
    for (const { x, y } of examples) {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, this.predictProbability(x)));
      total -= y === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return total / examples.length;
  }

  /** The share of examples classified right at the 0.5 threshold. */
  accuracy(examples: readonly Example[]): number {
    const right = examples.filter(({ x, y }) => (this.predictProbability(x) >= 0.5 ? 1 : 0) === y).length;
    return right / examples.length;
  }

  toJSON(): LogisticRegressionWeights {
    return { kind: 'logistic-regression', weights: [...this.weights], bias: this.bias };
  }
}
