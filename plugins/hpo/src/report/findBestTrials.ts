import type { StudyRecord, StudyStorage, TrialRecord } from '../study/StudyStorage.js';
import { forEachCompletedTrial } from './loadCompletedTrials.js';
import { ParetoFront } from './paretoFront.js';

/**
 * The best valid COMPLETE trial of a single-objective study (the earliest on a tie), or the Pareto
 * front of a multi-objective one in number order; empty when no trial completed with finite
 * values. Reads the study a page at a time and keeps only the front in memory.
 * @throws NotFoundError when the study does not exist.
 */
export async function findBestTrials(storage: StudyStorage, study: StudyRecord): Promise<TrialRecord[]> {
  const front = new ParetoFront<TrialRecord & { values: readonly number[] }>(study.directions);
  await forEachCompletedTrial(storage, study.id, (trial) => {
    if (trial.values !== undefined) front.add({ ...trial, values: trial.values });
  });
  return front.trials;
}
