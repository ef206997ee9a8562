import type { CallContext, Metric, Tracking } from '@mlops/plugin-api';

/** Points per page when a whole history is read: the Tracking port's largest page. */
const pageSize = 25_000;

/**
 * Every point of a metric of a run, ordered by step then timestamp: what MLflow's
 * `metrics/get-history` answers when no `max_results` is given, read page by page.
 */
export async function readWholeHistory(
  tracking: Tracking,
  runId: string,
  key: string,
  call: CallContext,
): Promise<Metric[]> {
  const points: Metric[] = [];
  let pageToken: string | undefined;
  do {
    const page = await tracking.getMetricHistory(
      { runId, key, maxResults: pageSize, ...(pageToken === undefined ? {} : { pageToken }) },
      call,
    );
    points.push(...page.points);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return points;
}
