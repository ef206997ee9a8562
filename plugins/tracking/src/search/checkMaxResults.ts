import { InvalidArgumentError } from '@mlops/plugin-api';
import { searchMaxResultsLimit } from '../options.js';

/**
 * A search's page size: a positive integer up to MLflow's 50000.
 * @throws InvalidArgumentError with MLflow's message, naming `maxResults`.
 */
export function checkMaxResults(maxResults: number): number {
  if (!Number.isSafeInteger(maxResults) || maxResults < 1) {
    throw new InvalidArgumentError(
      `Invalid value for max_results. It must be a positive integer, but got ${String(maxResults)}`,
      { field: 'maxResults', reason: 'out_of_range' },
    );
  }
  if (maxResults > searchMaxResultsLimit) {
    throw new InvalidArgumentError(
      `Invalid value for request parameter max_results. It must be at most ${searchMaxResultsLimit}, but got value ${maxResults}`,
      { field: 'maxResults', reason: 'out_of_range' },
    );
  }
  return maxResults;
}
