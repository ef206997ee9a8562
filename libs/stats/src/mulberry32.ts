/**
 * A small seeded generator of uniform numbers in [0, 1) (mulberry32, by Tommy Ettinger): the same
 * seed gives the same stream on every machine, so tests, examples and benchmarks reproduce. Not
 * for cryptography, nor for more than about 2^32 draws.
 * @example
 * const uniform = mulberry32(42);
 * const x = uniform(); // 0 <= x < 1
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
