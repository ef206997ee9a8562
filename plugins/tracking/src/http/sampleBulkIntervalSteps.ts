/**
 * The steps MLflow's `metrics/get-history-bulk-interval` keeps (`_get_sampled_steps` in its
 * handlers): at most `maxResults` steps evenly spaced over the sorted distinct steps of all the
 * runs within `[start, end]`, the last one, and each run's first and last step in the range.
 */
export function sampleBulkIntervalSteps(
  stepsPerRun: readonly (readonly number[])[],
  maxResults: number,
  range?: { start: number; end: number },
): Set<number> {
  const all = [...new Set(stepsPerRun.flat())].sort((a, b) => a - b);
  const start = range?.start ?? 0;
  const end = range?.end ?? all.at(-1) ?? 0;
  const inRange = (step: number) => start <= step && step <= end;
  const bounds = stepsPerRun
    .filter((steps) => steps.length > 0)
    .flatMap((steps) => [steps.reduce((a, b) => (b < a ? b : a)), steps.reduce((a, b) => (b > a ? b : a))])
    .filter(inRange);
  const first = all.findIndex((step) => step >= start);
  const startIdx = first === -1 ? all.length : first;
  let endIdx = all.length;
  while (endIdx > 0 && all[endIdx - 1]! > end) endIdx--;
  const sampled = new Set<number>(bounds);
  if (endIdx - startIdx <= maxResults) {
    for (const step of all.slice(startIdx, endIdx)) sampled.add(step);
    return sampled;
  }
  const count = endIdx - startIdx;
  const interval = count / maxResults;
  for (let i = 0; i < maxResults; i++) {
    const idx = startIdx + Math.trunc(i * interval);
    // MLflow compares the absolute index with the range's length, so a range that does not
    // start at the first step keeps fewer samples; the same here, for the same answers.
    if (idx < count) sampled.add(all[idx]!);
  }
  sampled.add(all[endIdx - 1]!);
  return sampled;
}
