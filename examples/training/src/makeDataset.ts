/** A labelled example: features and a 0/1 label. */
export interface Example {
  readonly x: readonly number[];
  readonly y: 0 | 1;
}

/** A seeded PRNG (mulberry32): the same seed gives the same dataset on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  const random = seededRandom(options.seed);
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
