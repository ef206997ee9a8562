import { readFileSync } from 'node:fs';

const clockTicksPerSecond = 100;

/** Seconds of CPU process `pid` (all its threads) has used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}
