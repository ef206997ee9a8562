import type { ReadScope } from '@mlops/plugin-api';
import type { StudyRecord, StudyStorage } from '../study/StudyStorage.js';

/**
 * A `StudyStorage` whose listing can be limited, in its query, to the studies a caller may read,
 * so that a page holds `limit` readable studies and `next` stays correct.
 */
export interface ScopedStudyStorage extends StudyStorage {
  /** Studies by name, `limit` at a time, only those of `readable` when given. */
  listStudies(page: {
    after?: string;
    limit: number;
    readable?: ReadScope;
  }): Promise<{ studies: StudyRecord[]; next?: string }>;
}
