import { InvalidArgumentError } from '@mlops/plugin-api';
import { HyperbandPruner } from '../pruners/HyperbandPruner.js';
import { MedianPruner } from '../pruners/MedianPruner.js';
import { NopPruner } from '../pruners/NopPruner.js';
import { PercentilePruner } from '../pruners/PercentilePruner.js';
import type { Pruner } from '../pruners/Pruner.js';
import { SuccessiveHalvingPruner } from '../pruners/SuccessiveHalvingPruner.js';
import { GridSampler } from '../samplers/GridSampler.js';
import { NSGAIISampler } from '../samplers/nsga2/NSGAIISampler.js';
import { RandomSampler } from '../samplers/RandomSampler.js';
import type { Sampler } from '../samplers/Sampler.js';
import { TPESampler } from '../samplers/tpe/TPESampler.js';
import type { ParamValue, StudyDirection } from './StudyStorage.js';

type Options = Record<string, unknown>;

/**
 * Rebuilds a sampler from a study's stored config (`{ name, options }`), as `loadStudy` does; the
 * study's seed applies when the sampler's own is unset. A missing config gives the default
 * sampler for the directions.
 *
 * @throws InvalidArgumentError on an unknown sampler name.
 */
export function samplerFromConfig(
  config: unknown,
  directions: readonly StudyDirection[],
  studySeed?: unknown,
): Sampler {
  const { name, options } = nameAndOptions(config, directions.length > 1 ? 'NSGAIISampler' : 'TPESampler');
  const seed = numberOr(options.seed, numberOr(studySeed, undefined));
  const seeded = seed === undefined ? {} : { seed };
  switch (name) {
    case 'TPESampler': {
      const { gamma: _gamma, weights: _weights, seed: _seed, ...rest } = options;
      return new TPESampler({ ...dropNulls(rest), ...seeded });
    }
    case 'RandomSampler':
      return new RandomSampler(seeded);
    case 'GridSampler':
      return new GridSampler(options.searchSpace as Record<string, ParamValue[]>, seeded);
    case 'NSGAIISampler': {
      const { seed: _seed, ...rest } = options;
      return new NSGAIISampler({ ...dropNulls(rest), ...seeded });
    }
    default:
      throw new InvalidArgumentError(`unknown sampler "${name}"`, { field: 'sampler' });
  }
}

/**
 * Rebuilds a pruner from a study's stored config (`{ name, options }`); NopPruner when missing.
 *
 * @throws InvalidArgumentError on an unknown pruner name.
 */
export function prunerFromConfig(config: unknown): Pruner {
  const { name, options } = nameAndOptions(config, 'NopPruner');
  switch (name) {
    case 'NopPruner':
      return new NopPruner();
    case 'MedianPruner':
      return new MedianPruner(dropNulls(options));
    case 'PercentilePruner': {
      const { percentile, ...rest } = options;
      return new PercentilePruner(percentile as number, dropNulls(rest));
    }
    case 'SuccessiveHalvingPruner':
      return new SuccessiveHalvingPruner(dropNulls(options));
    case 'HyperbandPruner':
      return new HyperbandPruner(dropNulls(options));
    default:
      throw new InvalidArgumentError(`unknown pruner "${name}"`, { field: 'pruner' });
  }
}

function nameAndOptions(config: unknown, fallback: string): { name: string; options: Options } {
  if (typeof config !== 'object' || config === null) return { name: fallback, options: {} };
  const { name, options } = config as { name?: unknown; options?: unknown };
  return {
    name: typeof name === 'string' ? name : fallback,
    options: typeof options === 'object' && options !== null ? (options as Options) : {},
  };
}

function dropNulls(options: Options): Options {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== null && v !== undefined));
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' ? value : fallback;
}
