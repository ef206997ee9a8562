import type { Experiment } from '@mlops/client';
import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatFields } from '../../formatFields.js';
import { formatTable } from '../../formatTable.js';
import { collectTag } from './argumentParsers.js';
import { formatTime } from './formatTime.js';
import { keyValues } from './keyValues.js';
import { addListingOptions, type ListingOptions, listingQuery, showPage } from './pagedListing.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';

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

  addListingOptions(
    remoteCommand(experiments, 'list', 'list experiments: ID, name, lifecycle stage, creation time'),
    { filterExample: "name LIKE 'churn%'", orderExample: 'name ASC', deleted: 'deleted experiments' },
  ).action((options: ListingOptions) =>
    withRemote(io, options, async (remote) => {
      const page = await remote.client.experiments.list(listingQuery(options));
      showPage(io, remote, page, 'experiments', {
        count: page.experiments.length,
        empty: 'no experiments found',
        table: () =>
          formatTable(
            ['ID', 'NAME', 'LIFECYCLE', 'CREATED'],
            page.experiments.map((e) => [
              e.experiment_id,
              e.name,
              e.lifecycle_stage,
              formatTime(e.creation_time),
            ]),
          ),
      });
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
