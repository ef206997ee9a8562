/** A time in milliseconds since the epoch as ISO 8601 in UTC to the second: `2026-11-22T09:05:00Z`; `-` when absent. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
