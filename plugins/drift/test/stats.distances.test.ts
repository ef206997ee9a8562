import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { adjustPValues, jensenShannonDistance, psi, wassersteinDistance } from '../src/index.js';
import { closeTo, scipyReference } from './fixtures/scipyReference.js';

function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('wassersteinDistance agrees with scipy.stats.wasserstein_distance', () => {
  scipyReference.wasserstein.forEach((ref, k) => {
    it(`case ${k} (${ref.u.length} vs ${ref.v.length}${ref.uWeights ? ', weighted' : ''})`, () => {
      const weights = ref.uWeights && ref.vWeights ? { u: ref.uWeights, v: ref.vWeights } : {};
      const d = wassersteinDistance(Float64Array.from(ref.u), ref.v, weights);
      expect(closeTo(d, ref.distance), `${d} vs ${ref.distance}`).to.equal(true);
    });
  });

  it('is symmetric and leaves its inputs unsorted', () => {
    const u = Float64Array.from([3, 1, 2]);
    expect(wassersteinDistance(u, [9, 7])).to.equal(wassersteinDistance([9, 7], u));
    expect([...u]).to.deep.equal([3, 1, 2]);
  });

  it('rejects mismatched weights and non-finite values, naming the field', () => {
    const err = thrown(() => wassersteinDistance([1, 2], [3], { u: [1] }));
    expect(err.message).to.equal('uWeights has 1 weights for 2 values of u');
    expect(err.details.field).to.equal('uWeights');
    expect(thrown(() => wassersteinDistance([1, Number.POSITIVE_INFINITY], [3])).details.field).to.equal(
      'u[1]',
    );
    expect(thrown(() => wassersteinDistance([1], [])).message).to.equal('v must not be empty');
  });
});

describe('jensenShannonDistance agrees with scipy.spatial.distance.jensenshannon', () => {
  for (const ref of scipyReference.jensenshannon) {
    it(`${JSON.stringify(ref.p)} vs ${JSON.stringify(ref.q)}, base ${ref.base ?? 'e'}`, () => {
      const d = jensenShannonDistance(ref.p, ref.q, ref.base ?? undefined);
      expect(closeTo(d, ref.distance), `${d} vs ${ref.distance}`).to.equal(true);
    });
  }

  it('rejects different lengths and a bad base', () => {
    expect(thrown(() => jensenShannonDistance([1, 2], [1])).message).to.equal(
      'p and q must have the same length, got 2 and 1',
    );
    expect(thrown(() => jensenShannonDistance([1], [1], 1)).details.field).to.equal('base');
    expect(thrown(() => jensenShannonDistance([0, 0], [1, 1])).details.field).to.equal('p');
  });
});

describe('psi agrees with the numpy recipe in make_scipy_fixtures.py', () => {
  scipyReference.psi.forEach((ref, k) => {
    it(`case ${k}: ${ref.reference.length} vs ${ref.current.length}, ${ref.bins} bins${ref.epsilon ? `, epsilon ${ref.epsilon}` : ''}`, () => {
      const value = psi(Float64Array.from(ref.reference), Float64Array.from(ref.current), {
        bins: ref.bins,
        ...(ref.epsilon === undefined ? {} : { epsilon: ref.epsilon }),
      });
      expect(closeTo(value, ref.psi), `${value} vs ${ref.psi}`).to.equal(true);
    });
  });

  it('is 0 for identical samples and grows with a shift', () => {
    const ref = Float64Array.from({ length: 1000 }, (_, i) => i);
    expect(psi(ref, ref)).to.equal(0);
    const small = psi(
      ref,
      ref.map((x) => x + 50),
    );
    const large = psi(
      ref,
      ref.map((x) => x + 300),
    );
    expect(small).to.be.greaterThan(0);
    expect(large).to.be.greaterThan(small);
  });

  it('rejects a bad bin count or epsilon', () => {
    expect(thrown(() => psi([1, 2], [1], { bins: 1 })).message).to.equal(
      'bins must be an integer >= 2, got 1',
    );
    expect(thrown(() => psi([1, 2], [1], { epsilon: 0 })).details.field).to.equal('epsilon');
  });
});

describe('adjustPValues agrees with scipy.stats.false_discovery_control and Bonferroni', () => {
  const { pValues } = scipyReference.adjust;
  for (const method of ['bonferroni', 'benjamini-hochberg'] as const) {
    it(method, () => {
      const adjusted = adjustPValues(pValues, method);
      const expected = scipyReference.adjust[method];
      for (const [i, p] of adjusted.entries()) {
        expect(closeTo(p, expected[i]!), `${i}: ${p} vs ${expected[i]}`).to.equal(true);
      }
    });
  }

  it('keeps the input order, caps at 1 and rejects a value outside [0, 1]', () => {
    expect(adjustPValues([0.5, 0.01], 'bonferroni')).to.deep.equal([1, 0.02]);
    expect(adjustPValues([], 'benjamini-hochberg')).to.deep.equal([]);
    const err = thrown(() => adjustPValues([0.1, 1.5], 'bonferroni'));
    expect(err.message).to.equal('pValues[1] must be a probability between 0 and 1, got 1.5');
    expect(err.details.field).to.equal('pValues[1]');
  });
});
