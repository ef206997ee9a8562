import { InvalidArgumentError } from '@mlops/plugin-api';
import { containsValue } from '../distributions/containsValue.js';
import type { Distribution, ParamValue, TrialRecord } from '../study/StudyStorage.js';
import { Rng } from './Rng.js';
import type { RelativeSample, Sampler, SamplerContext, SamplingTrial } from './Sampler.js';

/** Options of `GridSampler`. */
export interface GridSamplerOptions {
  /** Seeds the order in which grid points are visited. */
  seed?: number;
}

/**
 * Visits every point of a grid (the Cartesian product of the values given per parameter) once, in
 * a seeded random order, as Optuna's `GridSampler`; `optimize` stops when the grid is covered.
 * A trial takes its grid point at its first suggestion; finished trials (any state but STALE) count
 * as visited, and a point is handed out twice only once every other point is taken.
 *
 * @throws InvalidArgumentError from the constructor on an empty grid, and from a suggestion of a
 *   parameter that is not in the grid or whose grid value lies outside the suggested range.
 * @example new GridSampler({ x: [-1, 0, 1], kernel: ['rbf', 'linear'] })
 */
export class GridSampler implements Sampler {
  readonly name = 'GridSampler';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly names: string[];
  private readonly values: ParamValue[][];
  private readonly size: number;
  private readonly seed: number;
  /** Grid points not taken, with `position` giving each one's index there, for O(1) removal. */
  private readonly free: number[];
  private readonly position: Int32Array;
  private readonly visitedBy = new Map<number, number>();
  private readonly visitCount: Int32Array;
  private readonly assigned = new Map<number, number>();
  private distinctVisited = 0;

  constructor(searchSpace: Record<string, readonly ParamValue[]>, options: GridSamplerOptions = {}) {
    this.names = Object.keys(searchSpace).sort();
    if (this.names.length === 0) {
      throw new InvalidArgumentError('the grid needs at least one parameter', { field: 'searchSpace' });
    }
    this.values = this.names.map((name) => {
      const values = searchSpace[name]!;
      if (!Array.isArray(values) || values.length === 0) {
        throw new InvalidArgumentError(`the grid of "${name}" needs at least one value`, { field: name });
      }
      return [...values];
    });
    this.size = this.values.reduce((n, values) => n * values.length, 1);
    this.seed = options.seed ?? Rng.randomSeed();
    this.options = { searchSpace: structuredClone(searchSpace), seed: options.seed ?? null };
    this.free = Array.from({ length: this.size }, (_, i) => i);
    this.position = Int32Array.from(this.free);
    this.visitCount = new Int32Array(this.size);
  }

  observe(trial: TrialRecord): void {
    const assigned = this.assigned.get(trial.number);
    this.assigned.delete(trial.number);
    if (trial.state === 'STALE') {
      if (assigned !== undefined && this.visitCount[assigned] === 0) this.release(assigned);
      return;
    }
    const id = assigned ?? this.gridIdOf(trial.params);
    if (id === undefined) return;
    this.take(id);
    this.visitedBy.set(trial.number, id);
    if (this.visitCount[id]!++ === 0) this.distinctVisited++;
  }

  forget(number: number): void {
    const id = this.visitedBy.get(number);
    if (id === undefined) return;
    this.visitedBy.delete(number);
    if (--this.visitCount[id]! === 0) {
      this.distinctVisited--;
      this.release(id);
    }
  }

  sampleRelative(): RelativeSample {
    return {};
  }

  sampleIndependent(trial: SamplingTrial, name: string, distribution: Distribution): ParamValue {
    const k = this.names.indexOf(name);
    if (k < 0) {
      throw new InvalidArgumentError(`parameter "${name}" is not in the grid (${this.names.join(', ')})`, {
        field: name,
      });
    }
    let id = this.assigned.get(trial.number);
    if (id === undefined) {
      id = this.pick(trial.number);
      this.assigned.set(trial.number, id);
    }
    const value = this.valueAt(id, k);
    if (!containsValue(distribution, value)) {
      throw new InvalidArgumentError(
        `grid value ${JSON.stringify(value)} of "${name}" is outside its suggested distribution`,
        { field: name },
      );
    }
    return value;
  }

  isExhausted(_context: SamplerContext): boolean {
    return this.distinctVisited >= this.size;
  }

  private pick(trialNumber: number): number {
    const rng = Rng.forTrial(this.seed, trialNumber, 'grid');
    if (this.free.length > 0) {
      const id = this.free[rng.int(this.free.length)]!;
      this.take(id);
      return id;
    }
    // Every point is taken: rerun one that is still running somewhere, or any one at all.
    const unfinished: number[] = [];
    for (let id = 0; id < this.size; id++) if (this.visitCount[id] === 0) unfinished.push(id);
    return unfinished.length > 0 ? unfinished[rng.int(unfinished.length)]! : rng.int(this.size);
  }

  private take(id: number): void {
    const at = this.position[id]!;
    if (at < 0) return;
    const last = this.free.pop()!;
    if (last !== id) {
      this.free[at] = last;
      this.position[last] = at;
    }
    this.position[id] = -1;
  }

  private release(id: number): void {
    if (this.position[id]! >= 0) return;
    this.position[id] = this.free.length;
    this.free.push(id);
  }

  private valueAt(id: number, k: number): ParamValue {
    let rest = id;
    for (let j = this.names.length - 1; j > k; j--) rest = Math.floor(rest / this.values[j]!.length);
    return this.values[k]![rest % this.values[k]!.length]!;
  }

  private gridIdOf(params: Readonly<Record<string, ParamValue>>): number | undefined {
    let id = 0;
    for (let k = 0; k < this.names.length; k++) {
      const name = this.names[k]!;
      if (!(name in params)) return undefined;
      const index = this.values[k]!.findIndex((v) => Object.is(v, params[name]));
      if (index < 0) return undefined;
      id = id * this.values[k]!.length + index;
    }
    return id;
  }
}
