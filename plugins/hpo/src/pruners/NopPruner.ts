import type { Pruner } from './Pruner.js';

/** Never prunes: the default pruner of a study. */
export class NopPruner implements Pruner {
  readonly name = 'NopPruner';
  readonly options = {};

  observe(): void {}

  forget(): void {}

  prune(): boolean {
    return false;
  }
}
