import type { StudyStorage, TrialRecord } from '../study/StudyStorage.js';

/** Trials read per query when a whole study is walked. */
const trialPageSize = 500;

/**
 * Calls `visit` with each valid COMPLETE trial of a study, in number order, reading `trialPageSize`
 * trials at a time, and stops after `max` of them. Resolves to whether trials were left unvisited.
 * @throws NotFoundError when the study does not exist.
 */
export async function forEachCompletedTrial(
  storage: StudyStorage,
  studyId: string,
  visit: (trial: TrialRecord) => void,
  max = Number.POSITIVE_INFINITY,
): Promise<boolean> {
  let after: number | undefined;
  let seen = 0;
  for (;;) {
    const page = await storage.listTrials(studyId, {
      limit: trialPageSize,
      states: ['COMPLETE'],
      ...(after === undefined ? {} : { after }),
    });
    for (const trial of page.trials) {
      if (trial.invalid || trial.values === undefined) continue;
      if (seen === max) return true;
      visit(trial);
      seen++;
    }
    if (page.nextAfter === undefined) return false;
    after = page.nextAfter;
  }
}
