import type { StudyStorage, TrialPage, TrialRecord, TrialState } from './StudyStorage.js';

/**
 * A study's trials, read from its store by number and by page, never loaded whole.
 *
 * @example for await (const trial of study.trials) console.log(trial.number, trial.values);
 */
export class TrialList implements AsyncIterable<TrialRecord> {
  constructor(
    private readonly storage: StudyStorage,
    private readonly studyId: string,
    private readonly pageSize = 100,
  ) {}

  /** Trials in number order after `after`, at most `limit`, optionally only some states. */
  page(page: { after?: number; limit: number; states?: readonly TrialState[] }): Promise<TrialPage> {
    return this.storage.listTrials(this.studyId, page);
  }

  /** One trial by number, or undefined. */
  get(number: number): Promise<TrialRecord | undefined> {
    return this.storage.getTrial(this.studyId, number);
  }

  /** How many trials there are, optionally only in some states. */
  count(states?: readonly TrialState[]): Promise<number> {
    return this.storage.countTrials(this.studyId, states);
  }

  /** Every trial in number order, fetched a page at a time. */
  async *[Symbol.asyncIterator](): AsyncIterator<TrialRecord> {
    let after: number | undefined;
    for (;;) {
      const page = await this.storage.listTrials(this.studyId, { after, limit: this.pageSize });
      yield* page.trials;
      if (page.nextAfter === undefined) return;
      after = page.nextAfter;
    }
  }
}
