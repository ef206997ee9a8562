import type { Distribution, ParamValue, TrialRecord } from '../study/StudyStorage.js';
import { Rng } from './Rng.js';
import type { RelativeSample, Sampler, SamplingTrial } from './Sampler.js';
import { sampleUniform } from './sampleUniform.js';

/** Options of `RandomSampler`. */
export interface RandomSamplerOptions {
  /** Seeds the draws; a value depends only on the seed, the trial number and the parameter name. */
  seed?: number;
}

/**
 * Independent uniform sampling (log-uniform on a log scale), as Optuna's `RandomSampler`.
 *
 * @example new RandomSampler({ seed: 42 })
 */
export class RandomSampler implements Sampler {
  readonly name = 'RandomSampler';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly seed: number;

  constructor(options: RandomSamplerOptions = {}) {
    this.seed = options.seed ?? Rng.randomSeed();
    this.options = { seed: options.seed ?? null };
  }

  observe(_trial: TrialRecord): void {}

  forget(_number: number): void {}

  sampleRelative(): RelativeSample {
    return {};
  }

  sampleIndependent(trial: SamplingTrial, name: string, distribution: Distribution): ParamValue {
    return sampleUniform(distribution, Rng.forTrial(this.seed, trial.number, name));
  }
}
