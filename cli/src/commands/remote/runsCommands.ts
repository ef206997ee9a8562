import type { Run, RunStatus } from '@mlops/client';
import { type Command, Option } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatFields } from '../../formatFields.js';
import { formatTable } from '../../formatTable.js';
import { collect, collectTag, positiveInteger } from './argumentParsers.js';
import { formatTime } from './formatTime.js';
import { keyValues } from './keyValues.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';
import { addRunsCompareCommand } from './runsCompareCommand.js';

interface ListOptions extends RemoteOptions {
  readonly experiment?: string[];
  readonly filter?: string;
  readonly orderBy?: string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly all?: boolean;
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

  remoteCommand(runs, 'list', 'search runs: ID, name, experiment, status, start time')
    .option('-e, --experiment <id>', 'an experiment to search (repeatable; default: all)', collect)
    .option('--filter <expression>', 'filter language of the tracking service, e.g. "metrics.acc > 0.9"')
    .option('--order-by <clause>', 'e.g. "metrics.acc DESC" (repeatable)', collect)
    .option('--max-results <n>', 'at most this many (one page)', positiveInteger)
    .option('--page-token <token>', 'the next page, from a previous listing')
    .option('--all', 'include deleted runs')
    .action((options: ListOptions) =>
      withRemote(io, options, async (remote) => {
        const page = await remote.client.runs.search({
          ...(options.experiment === undefined ? {} : { experiment_ids: options.experiment }),
          ...(options.filter === undefined ? {} : { filter: options.filter }),
          ...(options.orderBy === undefined ? {} : { order_by: options.orderBy }),
          ...(options.maxResults === undefined ? {} : { max_results: options.maxResults }),
          ...(options.pageToken === undefined ? {} : { page_token: options.pageToken }),
          ...(options.all ? { view_type: 'ALL' as const } : {}),
        });
        remote.show(page, () =>
          page.runs.length === 0
            ? ['no runs found']
            : formatTable(
                ['RUN ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED'],
                page.runs.map((r) => [
                  r.run_id,
                  r.run_name,
                  r.experiment_id,
                  r.status,
                  formatTime(r.start_time),
                ]),
              ),
        );
        if (page.next_page_token !== undefined && !remote.json) {
          io.err(`more runs: add --page-token ${page.next_page_token}`);
        }
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
