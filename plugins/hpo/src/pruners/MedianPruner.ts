import { PercentilePruner, type PercentilePrunerOptions } from './PercentilePruner.js';

/**
 * Prunes a trial whose best intermediate value is worse than the median of complete trials at the
 * same step, as Optuna's `MedianPruner` (defaults: 5 startup trials, 0 warm-up steps, interval 1).
 *
 * @throws InvalidArgumentError naming the option when one is out of range.
 * @example new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 })
 */
export class MedianPruner extends PercentilePruner {
  override readonly name = 'MedianPruner';

  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}
