import type { Experiment } from '@mlops/client';
import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatFields } from '../../formatFields.js';
import { formatTable } from '../../formatTable.js';
import { collect, collectTag, positiveInteger } from './argumentParsers.js';
import { formatTime } from './formatTime.js';
import { keyValues } from './keyValues.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';

interface ListOptions extends RemoteOptions {
  readonly filter?: string;
  readonly orderBy?: string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly all?: boolean;
}

function describeExperiment(e: Experiment): string[] {
  return formatFields([
    ['experiment_id', e.experiment_id],
    ['name', e.name],
    ['artifact_location', e.artifact_location],
    ['lifecycle_stage', e.lifecycle_stage],
    ['created', formatTime(e.creation_time)],
    ['last_updated', formatTime(e.last_update_time)],
    ['tags', keyValues(e.tags)],
  ]);
}

/** `mlops experiments list|get|create|delete` against a server. */
export function addExperimentsCommands(program: Command, io: CliIo): void {
  const experiments = program.command('experiments').description('experiments on a server (tracking)');

  remoteCommand(experiments, 'list', 'list experiments: ID, name, lifecycle stage, creation time')
    .option('--filter <expression>', 'filter language of the tracking service, e.g. "name LIKE \'churn%\'"')
    .option('--order-by <clause>', 'e.g. "name ASC" (repeatable)', collect)
    .option('--max-results <n>', 'at most this many (one page)', positiveInteger)
    .option('--page-token <token>', 'the next page, from a previous listing')
    .option('--all', 'include deleted experiments')
    .action((options: ListOptions) =>
      withRemote(io, options, async (remote) => {
        const page = await remote.client.experiments.list({
          ...(options.filter === undefined ? {} : { filter: options.filter }),
          ...(options.orderBy === undefined ? {} : { order_by: options.orderBy }),
          ...(options.maxResults === undefined ? {} : { max_results: options.maxResults }),
          ...(options.pageToken === undefined ? {} : { page_token: options.pageToken }),
          ...(options.all ? { view_type: 'ALL' as const } : {}),
        });
        remote.show(page, () =>
          page.experiments.length === 0
            ? ['no experiments found']
            : formatTable(
                ['ID', 'NAME', 'LIFECYCLE', 'CREATED'],
                page.experiments.map((e) => [
                  e.experiment_id,
                  e.name,
                  e.lifecycle_stage,
                  formatTime(e.creation_time),
                ]),
              ),
        );
        if (page.next_page_token !== undefined && !remote.json) {
          io.err(`more experiments: add --page-token ${page.next_page_token}`);
        }
      }),
    );

  remoteCommand(experiments, 'get <experiment>', 'show an experiment by ID (or by name with --by-name)')
    .option('--by-name', '<experiment> is a name, not an ID')
    .action((experiment: string, options: RemoteOptions & { byName?: boolean }) =>
      withRemote(io, options, async (remote) => {
        const found = options.byName
          ? await remote.client.experiments.getByName(experiment)
          : await remote.client.experiments.get(experiment);
        remote.show(found, () => describeExperiment(found));
      }),
    );

  remoteCommand(experiments, 'create <name>', 'create an experiment; prints its ID')
    .option('--artifact-location <uri>', 'where its runs keep artifacts (default: the server decides)')
    .option('--tag <key=value>', 'a tag (repeatable)', collectTag)
    .action(
      (name: string, options: RemoteOptions & { artifactLocation?: string; tag?: Record<string, string> }) =>
        withRemote(io, options, async (remote) => {
          const created = await remote.client.experiments.create({
            name,
            ...(options.artifactLocation === undefined
              ? {}
              : { artifact_location: options.artifactLocation }),
            ...(options.tag === undefined ? {} : { tags: options.tag }),
          });
          remote.show(created, () => [`created experiment ${created.experiment_id} "${created.name}"`]);
        }),
    );

  remoteCommand(
    experiments,
    'delete <experimentId>',
    'delete an experiment and its runs (restorable until purged)',
  ).action((experimentId: string, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      await remote.client.experiments.delete(experimentId);
      if (!remote.json) io.out(`deleted experiment ${experimentId}`);
    }),
  );
}
