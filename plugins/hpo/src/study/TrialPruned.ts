/**
 * Thrown by an objective to stop its trial early, as Optuna's `TrialPruned`: `optimize` records the
 * trial as PRUNED (with its last reported value) instead of FAIL.
 *
 * @example if (trial.shouldPrune()) throw new TrialPruned();
 */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}
