import type { ModelVersion } from '@mlops/client';
import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatFields } from '../../formatFields.js';
import { formatTable } from '../../formatTable.js';
import { collectTag, positiveInteger } from './argumentParsers.js';
import { formatTime } from './formatTime.js';
import { keyValues } from './keyValues.js';
import { addListingOptions, type ListingOptions, listingQuery, showPage } from './pagedListing.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';
import { addVersionPromotionCommands } from './versionPromotionCommands.js';

/** The lines `versions get` prints for a version. */
export function describeVersion(v: ModelVersion): string[] {
  return formatFields([
    ['name', v.name],
    ['version', String(v.version)],
    ['stage', v.stage],
    ['status', v.status],
    ['aliases', [...v.aliases].sort()],
    ['source', v.source],
    ['run_id', v.run_id ?? '-'],
    ['description', v.description === '' ? '-' : v.description],
    ['user_id', v.user_id],
    ['lifecycle_stage', v.lifecycle_stage],
    ['created', formatTime(v.creation_timestamp)],
    ['last_updated', formatTime(v.last_updated_timestamp)],
    ['revision', String(v.revision)],
    ['tags', keyValues(v.tags)],
  ]);
}

/** `mlops versions list|get|create|delete|transition|alias|unalias`: model versions on a server. */
export function addVersionsCommands(program: Command, io: CliIo): void {
  const versions = program.command('versions').description('model versions on a server (model registry)');

  addListingOptions(
    remoteCommand(versions, 'list <model>', "list a model's versions: version, stage, status, aliases, run"),
    { filterExample: "tags.team = 'ml'", orderExample: 'version_number DESC', deleted: 'deleted versions' },
  ).action((model: string, options: ListingOptions) =>
    withRemote(io, options, async (remote) => {
      const page = await remote.client.versions.list(model, listingQuery(options));
      showPage(io, remote, page, 'versions', {
        count: page.versions.length,
        empty: `model "${model}" has no versions`,
        table: () =>
          formatTable(
            ['VERSION', 'STAGE', 'STATUS', 'ALIASES', 'RUN ID', 'CREATED'],
            page.versions.map((v) => [
              String(v.version),
              v.stage,
              v.status,
              v.aliases.length === 0 ? '-' : [...v.aliases].sort().join(', '),
              v.run_id ?? '-',
              formatTime(v.creation_timestamp),
            ]),
          ),
      });
    }),
  );

  remoteCommand(
    versions,
    'get <model> <version>',
    'show a version, by number or by alias (@champion or champion)',
  ).action((model: string, version: string, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      const found = /^[1-9]\d*$/.test(version)
        ? await remote.client.versions.get(model, Number(version))
        : await remote.client.models.getAlias(model, version.replace(/^@/, ''));
      remote.show(found, () => describeVersion(found));
    }),
  );

  remoteCommand(
    versions,
    'create <model>',
    'register the next version of a model (creating the model if needed)',
  )
    .requiredOption('--source <uri>', 'where the model files are, e.g. runs:/<runId>/model')
    .option('--run-id <runId>', 'the run that produced it')
    .option('--description <text>', 'what changed')
    .option('--tag <key=value>', 'a tag (repeatable)', collectTag)
    .action(
      (
        model: string,
        options: RemoteOptions & {
          source: string;
          runId?: string;
          description?: string;
          tag?: Record<string, string>;
        },
      ) =>
        withRemote(io, options, async (remote) => {
          const created = await remote.client.versions.create(model, {
            source: options.source,
            ...(options.runId === undefined ? {} : { run_id: options.runId }),
            ...(options.description === undefined ? {} : { description: options.description }),
            ...(options.tag === undefined ? {} : { tags: options.tag }),
          });
          remote.show(created, () => [`created version ${created.version} of model "${created.name}"`]);
        }),
    );

  remoteCommand(versions, 'delete <model>', 'delete a version; its aliases go (restorable until purged)')
    .argument('<version>', 'version number', positiveInteger)
    .action((model: string, version: number, options: RemoteOptions) =>
      withRemote(io, options, async (remote) => {
        await remote.client.versions.delete(model, version);
        if (!remote.json) io.out(`deleted version ${version} of model "${model}"`);
      }),
    );

  addVersionPromotionCommands(versions, io);
}
