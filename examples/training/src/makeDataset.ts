import { mulberry32 } from '@mlops/stats';

/** A labelled example: features and a 0/1 label. */
export interface Example {
  readonly x: readonly number[];
  readonly y: 0 | 1;
}

/**
 * A synthetic binary task: two Gaussian clouds in `features` dimensions whose centres differ by
 * `separation` along every axis, shuffled. Written here so that the example downloads nothing.
 */
export function makeDataset(options: {
  readonly seed: number;
  readonly size: number;
  readonly features: number;
  readonly separation?: number;
}): Example[] {
  const random = mulberry32(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const shift = (options.separation ?? 1.5) / 2;
  const examples: Example[] = [];
  for (let i = 0; i < options.size; i += 1) {
    const y: 0 | 1 = random() < 0.5 ? 0 : 1;
    const x = Array.from({ length: options.features }, () => gaussian() + (y === 1 ? shift : -shift));
    examples.push({ x, y });
  }
  return examples;
}
