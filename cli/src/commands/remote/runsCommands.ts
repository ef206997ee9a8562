import type { Run, RunStatus } from '@mlops/client';
import { type Command, Option } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatFields } from '../../formatFields.js';
import { formatTable } from '../../formatTable.js';
import { collect, collectTag } from './argumentParsers.js';
import { formatTime } from './formatTime.js';
import { keyValues } from './keyValues.js';
import { addListingOptions, type ListingOptions, listingQuery, showPage } from './pagedListing.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';
import { addRunsCompareCommand } from './runsCompareCommand.js';

interface ListOptions extends ListingOptions {
  readonly experiment?: string[];
}

function describeRun(run: Run): string[] {
  return formatFields([
    ['run_id', run.run_id],
    ['run_name', run.run_name],
    ['experiment_id', run.experiment_id],
    ['status', run.status],
    ['user_id', run.user_id],
    ['started', formatTime(run.start_time)],
    ['ended', formatTime(run.end_time)],
    ['artifact_uri', run.artifact_uri],
    ['lifecycle_stage', run.lifecycle_stage],
    ['params', keyValues(run.params)],
    ['metrics', (run.metrics ?? []).map((m) => `${m.key}=${m.value} (step ${m.step})`).sort()],
    ['tags', keyValues(run.tags)],
  ]);
}

/** `mlops runs list|get|create|end|delete|compare` against a server. */
export function addRunsCommands(program: Command, io: CliIo): void {
  const runs = program.command('runs').description('runs on a server (tracking)');

  addListingOptions(
    remoteCommand(runs, 'list', 'search runs: ID, name, experiment, status, start time').option(
      '-e, --experiment <id>',
      'an experiment to search (repeatable; default: all)',
      collect,
    ),
    { filterExample: 'metrics.acc > 0.9', orderExample: 'metrics.acc DESC', deleted: 'deleted runs' },
  ).action((options: ListOptions) =>
    withRemote(io, options, async (remote) => {
      const page = await remote.client.runs.search({
        ...(options.experiment === undefined ? {} : { experiment_ids: options.experiment }),
        ...listingQuery(options),
      });
      showPage(io, remote, page, 'runs', {
        count: page.runs.length,
        empty: 'no runs found',
        table: () =>
          formatTable(
            ['RUN ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED'],
            page.runs.map((r) => [r.run_id, r.run_name, r.experiment_id, r.status, formatTime(r.start_time)]),
          ),
      });
    }),
  );

  remoteCommand(runs, 'get <runId>', 'show a run with its params, latest metrics and tags').action(
    (runId: string, options: RemoteOptions) =>
      withRemote(io, options, async (remote) => {
        const run = await remote.client.runs.get(runId);
        remote.show(run, () => describeRun(run));
      }),
  );

  remoteCommand(runs, 'create', 'start a RUNNING run in an experiment; prints its ID')
    .requiredOption('-e, --experiment <id>', 'the experiment')
    .option('--name <name>', 'run name (default: the server makes one up)')
    .option('--tag <key=value>', 'a tag (repeatable)', collectTag)
    .action((options: RemoteOptions & { experiment: string; name?: string; tag?: Record<string, string> }) =>
      withRemote(io, options, async (remote) => {
        const run = await remote.client.runs.create({
          experiment_id: options.experiment,
          ...(options.name === undefined ? {} : { run_name: options.name }),
          ...(options.tag === undefined ? {} : { tags: options.tag }),
        });
        remote.show(run, () => [
          `created run ${run.run_id} "${run.run_name}" in experiment ${run.experiment_id}`,
        ]);
      }),
    );

  remoteCommand(runs, 'end <runId>', 'end a run: FINISHED, or the --status given, at the current time')
    .addOption(new Option('--status <status>', 'terminal status').choices(['FINISHED', 'FAILED', 'KILLED']))
    .action(
      (runId: string, options: RemoteOptions & { status?: Exclude<RunStatus, 'RUNNING' | 'SCHEDULED'> }) =>
        withRemote(io, options, async (remote) => {
          const run = await remote.client.runs.end(runId, options.status);
          remote.show(run, () => [`run ${run.run_id} ${run.status} at ${formatTime(run.end_time)}`]);
        }),
    );

  remoteCommand(runs, 'delete <runId>', 'delete a run (restorable until purged)').action(
    (runId: string, options: RemoteOptions) =>
      withRemote(io, options, async (remote) => {
        await remote.client.runs.delete(runId);
        if (!remote.json) io.out(`deleted run ${runId}`);
      }),
  );

  addRunsCompareCommand(runs, io);
}
