import { InvalidArgumentError } from '@mlops/plugin-api';
import { mulberry32 } from '@mlops/stats';
import { expect } from 'chai';
import { type ImportanceSample, pedAnovaImportances } from '../src/importance/pedAnovaImportances.js';
import type { Distribution } from '../src/study/StudyStorage.js';

const x: Distribution = { kind: 'float', low: -5, high: 5, log: false };
const y: Distribution = { kind: 'float', low: -5, high: 5, log: false };
const lr: Distribution = { kind: 'float', low: 1e-5, high: 1, log: true };
const opt: Distribution = { kind: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] };
const layers: Distribution = { kind: 'int', low: 1, high: 8, log: false, step: 1 };

describe('pedAnovaImportances', () => {
  it('ranks first the parameter that dominates the objective, the others near 0, summing to 1', () => {
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      const samples: ImportanceSample[] = Array.from({ length: 300 }, () => {
        const params = {
          x: -5 + 10 * random(),
          y: -5 + 10 * random(),
          opt: opt.choices[Math.floor(random() * 3)]!,
        };
        return { params, distributions: { x, y, opt }, value: 100 * params.x ** 2 + 0.1 * params.y };
      });
      const importances = pedAnovaImportances(samples, { direction: 'minimize' });
      expect(importances[0]!.name, `seed ${seed}`).to.equal('x');
      expect(importances[0]!.importance, `seed ${seed}`).to.be.greaterThan(0.8);
      expect(importances.reduce((s, i) => s + i.importance, 0)).to.be.closeTo(1, 1e-9);
    }
  });

  it('finds a categorical and a log-scaled parameter when they matter, and follows the direction', () => {
    const random = mulberry32(7);
    const samples: ImportanceSample[] = Array.from({ length: 400 }, () => {
      const params = {
        lr: 10 ** (-5 + 5 * random()),
        opt: opt.choices[Math.floor(random() * 3)]!,
        layers: 1 + Math.floor(random() * 8),
      };
      // Large is good: rmsprop and learning rates near 1e-3.
      const value =
        (params.opt === 'rmsprop' ? 10 : 0) - (Math.log10(params.lr) + 3) ** 2 + 0.01 * params.layers;
      return { params, distributions: { lr, opt, layers }, value };
    });
    const importances = pedAnovaImportances(samples, { direction: 'maximize' });
    expect(importances.map((i) => i.name)).to.deep.equal(['opt', 'lr', 'layers']);
    expect(importances[2]!.importance).to.be.lessThan(0.1);
    const flipped = pedAnovaImportances(samples, { direction: 'minimize' });
    expect(flipped[0]!.name).to.not.equal('layers');
  });

  it('gives 0 to every parameter when too few trials finished, and refuses a bad quantile', () => {
    const one: ImportanceSample[] = [{ params: { x: 1 }, distributions: { x }, value: 1 }];
    expect(pedAnovaImportances(one, { direction: 'minimize' })).to.deep.equal([{ name: 'x', importance: 0 }]);
    expect(pedAnovaImportances([], { direction: 'minimize' })).to.deep.equal([]);
    const err = (() => {
      try {
        pedAnovaImportances(one, { direction: 'minimize', quantile: 0 });
      } catch (e) {
        return e as InvalidArgumentError;
      }
      throw new Error('no error');
    })();
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal('quantile must be in (0, 1], got 0');
    expect(err.details).to.deep.equal({ field: 'quantile' });
  });
});
