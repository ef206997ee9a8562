import type { RunComparison } from '@mlops/client';
import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatTable } from '../../formatTable.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';

/** Runs as columns; a row of IDs, then a row per param and per latest metric (`-` where a run lacks it). */
export function describeComparison(c: RunComparison): string[] {
  const cell = (value: string | number | null) => (value === null ? '-' : String(value));
  return formatTable(
    ['KEY', ...c.runs.map((r) => r.run_name)],
    [
      ['run_id', ...c.runs.map((r) => r.run_id)],
      ...c.params.map((p) => [`params.${p.key}`, ...p.values.map(cell)]),
      ...c.metrics.map((m) => [`metrics.${m.key}`, ...m.values.map(cell)]),
    ],
  );
}

/** `mlops runs compare <runId...>`: params and latest metrics side by side. */
export function addRunsCompareCommand(runs: Command, io: CliIo): void {
  remoteCommand(runs, 'compare <runIds...>', 'params and latest metrics of runs side by side').action(
    (runIds: string[], options: RemoteOptions) =>
      withRemote(io, options, async (remote) => {
        const comparison = await remote.client.runs.compare(runIds);
        remote.show(comparison, () => describeComparison(comparison));
      }),
  );
}
