import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  containsValue,
  createStudy,
  type Distribution,
  GridSampler,
  NSGAIISampler,
  type ParamValue,
  RandomSampler,
  Rng,
  type Sampler,
  TPESampler,
  type Trial,
} from '../src/index.js';

/** A random search space: every kind of parameter, with bounds drawn from `seed`. */
function randomSpace(seed: number): ((trial: Trial) => [string, ParamValue])[] {
  const rng = new Rng(seed);
  const low = Math.round(rng.uniform(-20, 20) * 100) / 100;
  const width = Math.round(rng.uniform(0.5, 30) * 100) / 100;
  const logLow = 10 ** rng.uniform(-6, 0);
  const intLow = rng.int(20) - 10;
  const steps = 1 + rng.int(8);
  const logHigh = logLow * 10 ** rng.uniform(0.5, 5);
  const intHigh = intLow + 1 + rng.int(50);
  const intLogHigh = 2 + rng.int(1000);
  return [
    (t) => ['f', t.suggestFloat('f', low, low + width)],
    (t) => ['flog', t.suggestFloat('flog', logLow, logHigh, { log: true })],
    (t) => ['fstep', t.suggestFloat('fstep', low, low + 0.25 * steps, { step: 0.25 })],
    (t) => ['i', t.suggestInt('i', intLow, intHigh)],
    (t) => ['ilog', t.suggestInt('ilog', 1, intLogHigh, { log: true })],
    (t) => ['istep', t.suggestInt('istep', intLow, intLow + 3 * steps, { step: 3 })],
    (t) => ['c', t.suggestCategorical('c', ['relu', 'tanh', 7, false, null])],
  ];
}

async function checkBounds(makeSampler: () => Sampler, seed: number, directions = 1): Promise<void> {
  const study = await createStudy({ sampler: makeSampler(), directions: Array(directions).fill('minimize') });
  const suggest = randomSpace(seed);
  const objective = new Rng(seed + 1);
  for (let n = 0; n < 40; n++) {
    const trial = await study.ask();
    const values = suggest.map((s) => s(trial));
    for (const [name, value] of values) {
      const dist: Distribution = trial.distributions[name]!;
      expect(containsValue(dist, value), `seed ${seed}, trial ${n}: ${name} = ${value}`).to.equal(true);
      if (dist.kind === 'int')
        expect(Number.isInteger(value), `seed ${seed}: ${name} = ${value}`).to.equal(true);
    }
    const score = values.reduce((s, [, v]) => s + (typeof v === 'number' ? Math.abs(v) : 0), 0);
    await study.tell(
      trial,
      Array.from({ length: directions }, (_, k) => score * (k + 1) + objective.next()),
    );
  }
}

const branin = (x: number, y: number) =>
  (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 +
  10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) +
  10;

/** The options that turn TPESampler back into Optuna 3.1's default TPESampler. */
const optuna31 = { multivariate: false, scaledKernels: false, gammaRatio: 0.1 } as const;

describe('samplers', () => {
  describe('respect bounds, log scales, steps and choices', () => {
    const samplers: [string, (seed: number) => Sampler, number][] = [
      ['RandomSampler', (seed) => new RandomSampler({ seed }), 1],
      ['TPESampler (default: multivariate)', (seed) => new TPESampler({ seed, nStartupTrials: 5 }), 1],
      [
        'TPESampler (univariate, Optuna 3.1 settings)',
        (seed) => new TPESampler({ seed, nStartupTrials: 5, ...optuna31 }),
        1,
      ],
      [
        'TPESampler (multivariate, range bandwidth)',
        (seed) => new TPESampler({ seed, nStartupTrials: 5, bandwidth: 'range', scaledKernels: false }),
        1,
      ],
      ['TPESampler (2 objectives)', (seed) => new TPESampler({ seed, nStartupTrials: 5 }), 2],
      ['NSGAIISampler (uniform)', (seed) => new NSGAIISampler({ seed, populationSize: 8 }), 2],
      ['NSGAIISampler (sbx)', (seed) => new NSGAIISampler({ seed, populationSize: 8, crossover: 'sbx' }), 2],
    ];
    for (const [name, make, directions] of samplers) {
      it(name, async () => {
        for (let seed = 0; seed < 5; seed++) await checkBounds(() => make(seed), seed, directions);
      });
    }
  });

  it('GridSampler visits every grid point once, then optimize stops', async () => {
    const grid = { x: [-1, 0, 1], kernel: ['rbf', 'linear'] };
    const study = await createStudy({ sampler: new GridSampler(grid, { seed: 3 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', -1, 1);
        return x * x + (t.suggestCategorical('kernel', ['rbf', 'linear']) === 'rbf' ? 0 : 1);
      },
      { nTrials: 100 },
    );
    const seen: string[] = [];
    for await (const trial of study.trials) seen.push(`${trial.params.x}/${trial.params.kernel}`);
    expect(seen).to.have.length(6);
    expect([...seen].sort()).to.deep.equal(['-1/linear', '-1/rbf', '0/linear', '0/rbf', '1/linear', '1/rbf']);
    expect(study.bestParams).to.deep.equal({ x: 0, kernel: 'rbf' });
  });

  it('GridSampler refuses a parameter outside the grid and a grid value outside the range', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [0, 5] }, { seed: 0 }) });
    const trial = await study.ask();
    expect(() => trial.suggestFloat('y', 0, 1)).to.throw('parameter "y" is not in the grid (x)');
    const other = await study.ask();
    const values = [trial, other].map((t) => {
      try {
        return t.suggestFloat('x', 0, 1);
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(values).to.include('grid value 5 of "x" is outside its suggested distribution');
    expect(values).to.include(0);
  });

  it('a seeded sampler reproduces its sequence, and another seed gives another', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ seed });
      await study.optimize((t) => branin(t.suggestFloat('x', -5, 10), t.suggestFloat('y', 0, 15)), {
        nTrials: 30,
      });
      const xs: ParamValue[] = [];
      for await (const trial of study.trials) xs.push(trial.params.x!);
      return xs;
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a).to.deep.equal(b);
    expect(a).to.not.deep.equal(c);
  });

  it('seeds give unrelated sequences, not the same values in another order', async () => {
    const values = async (seed: number) => {
      const study = await createStudy({ sampler: new RandomSampler({ seed }) });
      await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 20 });
      const xs = new Set<ParamValue>();
      for await (const trial of study.trials) xs.add(trial.params.x!);
      return xs;
    };
    for (const [a, b] of [
      [0, 1],
      [2, 3],
      [0, 20],
    ] as const) {
      const [first, second] = [await values(a), await values(b)];
      expect(
        [...first].filter((x) => second.has(x)),
        `seeds ${a} and ${b}`,
      ).to.deep.equal([]);
    }
  });

  it('TPE finds better Branin values than random search over seeds 0..9', async () => {
    const best = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize((t) => branin(t.suggestFloat('x', -5, 10), t.suggestFloat('y', 0, 15)), {
        nTrials: 60,
      });
      return study.bestValue;
    };
    let tpeSum = 0;
    let randomSum = 0;
    let tpeWins = 0;
    for (let seed = 0; seed < 10; seed++) {
      const tpe = await best(new TPESampler({ seed }));
      const random = await best(new RandomSampler({ seed }));
      tpeSum += tpe;
      randomSum += random;
      if (tpe < random) tpeWins++;
    }
    expect(tpeSum / 10, `TPE mean ${tpeSum / 10}, random mean ${randomSum / 10}`).to.be.below(randomSum / 10);
    expect(tpeWins, `TPE won on ${tpeWins} of 10 seeds`).to.be.at.least(7);
    expect(tpeSum / 10).to.be.below(0.6);
  });

  it("default TPE finds better Ackley-5D values than Optuna 3.1's settings over seeds 0..9", async () => {
    const best = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(
        (t) => {
          const x = Array.from({ length: 5 }, (_, i) => t.suggestFloat(`x${i}`, -32.768, 32.768));
          const s1 = x.reduce((s, v) => s + v * v, 0) / 5;
          const s2 = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / 5;
          return -20 * Math.exp(-0.2 * Math.sqrt(s1)) - Math.exp(s2) + 20 + Math.E;
        },
        { nTrials: 100 },
      );
      return study.bestValue;
    };
    let ours = 0;
    let optuna = 0;
    for (let seed = 0; seed < 10; seed++) {
      ours += (await best(new TPESampler({ seed }))) / 10;
      optuna += (await best(new TPESampler({ seed, ...optuna31 }))) / 10;
    }
    expect(ours, `default mean ${ours}, Optuna 3.1 settings mean ${optuna}`).to.be.below(optuna);
  });

  it('TPE records its settings and refuses a bad gammaRatio or bandwidth, naming the field', () => {
    expect(new TPESampler({ seed: 3 }).options).to.deep.include({
      multivariate: true,
      bandwidth: 'neighbour',
      scaledKernels: true,
      gammaRatio: 0.2,
      nEiCandidates: 24,
    });
    const refused = (options: ConstructorParameters<typeof TPESampler>[0]) => {
      try {
        new TPESampler(options);
      } catch (err) {
        return err as InvalidArgumentError;
      }
      throw new Error('accepted');
    };
    const ratio = refused({ gammaRatio: 0 });
    expect(ratio).to.be.instanceOf(InvalidArgumentError);
    expect([ratio.message, ratio.details.field]).to.deep.equal([
      'gammaRatio must be in (0, 1], got 0',
      'gammaRatio',
    ]);
    const bandwidth = refused({ bandwidth: 'scott' as 'range' });
    expect([bandwidth.message, bandwidth.details.field]).to.deep.equal([
      "bandwidth must be 'neighbour' or 'range', got scott",
      'bandwidth',
    ]);
  });

  it('TPE counts running trials as the worst (constant liar) unless told not to', async () => {
    const sampleWithRunning = async (constantLiar: boolean) => {
      const study = await createStudy({
        sampler: new TPESampler({ seed: 1, constantLiar, nStartupTrials: 3 }),
      });
      await study.optimize((t) => (t.suggestFloat('x', 0, 10) - 3) ** 2, { nTrials: 6 });
      const running = await study.ask();
      const first = running.suggestFloat('x', 0, 10);
      const next = await study.ask();
      return [first, next.suggestFloat('x', 0, 10)];
    };
    const [withLiar, withoutLiar] = [await sampleWithRunning(true), await sampleWithRunning(false)];
    expect(withLiar[0]).to.equal(withoutLiar[0]);
    expect(withLiar[1]).to.not.equal(withoutLiar[1]);
  });

  it('NSGA-II children take their values from the parent population', async () => {
    const sampler = new NSGAIISampler({ seed: 2, populationSize: 6, mutationProb: 0, crossoverProb: 1 });
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
    const objective = (t: Trial) => {
      const x = t.suggestFloat('x', 0, 1);
      const y = t.suggestFloat('y', 0, 1);
      return [x + y, (1 - x) * (1 + y)];
    };
    await study.optimize(objective, { nTrials: 6 });
    const firstGeneration = new Set<ParamValue>();
    for await (const trial of study.trials) {
      firstGeneration.add(trial.params.x!);
      firstGeneration.add(trial.params.y!);
    }
    await study.optimize(objective, { nTrials: 5 });
    const children = await study.trials.page({ after: 5, limit: 10 });
    expect(children.trials).to.have.length(5);
    for (const child of children.trials) {
      expect(firstGeneration.has(child.params.x!), `x of trial ${child.number}`).to.equal(true);
      expect(firstGeneration.has(child.params.y!), `y of trial ${child.number}`).to.equal(true);
    }
  });
});
