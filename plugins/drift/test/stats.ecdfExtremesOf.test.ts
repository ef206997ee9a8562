import { mulberry32 } from '@mlops/stats';
import { expect } from 'chai';
import { type EcdfExtremes, ecdfExtremes } from '../src/stats/ecdfExtremes.js';
import { ecdfExtremesOf } from '../src/stats/ecdfExtremesOf.js';
import { sortedCopy } from '../src/stats/sortedCopy.js';

const FIELDS = ['maxDiff', 'maxLocation', 'minDiff', 'minLocation'] as const;

/** Normal(0, 1) draws from a seeded uniform (Box-Muller). */
function normals(
  uniform: () => number,
  n: number,
  map: (x: number, u: () => number) => number,
): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    out[k] = map(z, uniform);
  }
  return out;
}

/** Data shapes that stress the binning: ties, signed zeros, infinities, far outliers, ULP gaps. */
const SHAPES: Record<string, (z: number, u: () => number) => number> = {
  normal: (z) => z,
  'ties (one decimal)': (z) => Math.round(z * 10) / 10,
  'five integers': (_z, u) => Math.floor(u() * 5) - 2,
  'signed zeros': (z, u) => (u() < 0.3 ? (u() < 0.5 ? -0 : 0) : z),
  infinities: (z, u) => (u() < 0.01 ? (u() < 0.5 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : z),
  'outliers up to 1e300': (z, u) => (u() < 0.001 ? Math.sign(z) * 10 ** Math.floor(u() * 300) : z),
  'values 1 ulp apart': (_z, u) => 1 + Math.floor(u() * 50) * Number.EPSILON,
  lognormal: (z) => Math.exp(4 * z),
  'two far clusters': (z, u) => (u() < 0.5 ? z : 1e6 + z * 1e-9),
};

function expectSameAsSortedWalk(a: Float64Array, b: Float64Array, where: string): EcdfExtremes {
  const expected = ecdfExtremes(sortedCopy(a), sortedCopy(b));
  const actual = ecdfExtremesOf(a, b);
  for (const f of FIELDS) {
    expect(Object.is(actual[f], expected[f]), `${where}: ${f} ${actual[f]} vs ${expected[f]}`).to.equal(true);
  }
  return actual;
}

describe('ecdfExtremesOf', () => {
  let seed = 0;
  for (const [shape, map] of Object.entries(SHAPES)) {
    it(`equals the walk over sorted copies, bit for bit: ${shape}`, () => {
      for (const [n1, n2] of [
        [3000, 5000],
        [40_000, 40_000],
        [60_000, 2500],
      ] as const) {
        for (const shift of [0, 0.01, 0.3]) {
          seed++;
          const uniform = mulberry32(seed);
          const a = normals(uniform, n1, map);
          const b = normals(uniform, n2, (z, u) => map(z + shift, u));
          expectSameAsSortedWalk(a, b, `${shape} n1=${n1} n2=${n2} shift=${shift} seed=${seed}`);
        }
      }
    });
  }

  it('keeps a bin whose bound only equals the extreme (values of one sample alone: a block at its end)', () => {
    for (let s = 1; s <= 20; s++) {
      const uniform = mulberry32(1000 + s);
      // Even integers in a, odd ones in b: every bin holds values of one sample only.
      const a = Float64Array.from({ length: 3000 }, () => 2 * Math.floor(uniform() * 150));
      const b = Float64Array.from({ length: 2500 }, () => 2 * Math.floor(uniform() ** 1.02 * 150) + 1);
      expectSameAsSortedWalk(a, b, `disjoint grids seed ${1000 + s}`);
    }
  });

  it('handles identical samples (every bin ties the extreme) and leaves its inputs as they were', () => {
    const a = normals(mulberry32(7), 30_000, (z) => z);
    const b = a.slice().reverse();
    const before = [a.slice(), b.slice()];
    const r = expectSameAsSortedWalk(a, b, 'identical');
    expect([r.maxDiff, r.minDiff]).to.deep.equal([0, 0]);
    // Every block reaches 0: the location is the smallest value of a.
    expect(r.maxLocation).to.equal(Math.min(...a));
    expect([a, b]).to.deep.equal(before);
  });

  it('finds the gap of a block of equal values between distinct ones, and accepts plain arrays', () => {
    const a = [...Array.from({ length: 3000 }, (_, k) => k), ...Array.from({ length: 3000 }, () => 5000.5)];
    const b = Array.from({ length: 6000 }, (_, k) => k + 0.25);
    const r = ecdfExtremesOf(a, b);
    // Below 5000.5, a has 3000 of 6000 values and b has 5001: the largest gap of b over a.
    expect(r.minDiff).to.equal(5001 / 6000 - 3000 / 6000);
    expect(r.minLocation).to.equal(5000.25);
    expect(r).to.deep.equal(ecdfExtremes(sortedCopy(a), sortedCopy(b)));
  });
});
