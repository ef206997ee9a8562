import type { RegisteredModel } from '@mlops/client';
import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatFields } from '../../formatFields.js';
import { formatTable } from '../../formatTable.js';
import { collectTag } from './argumentParsers.js';
import { formatTime } from './formatTime.js';
import { keyValues } from './keyValues.js';
import { addListingOptions, type ListingOptions, listingQuery, showPage } from './pagedListing.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';

/** `champion=3, challenger=4`, or `-`. */
function aliasList(aliases: Readonly<Record<string, number>>): string {
  const list = keyValues(aliases);
  return list.length === 0 ? '-' : list.join(', ');
}

function latestVersion(model: RegisteredModel): string {
  const versions = model.latest_versions.map((v) => v.version);
  return versions.length === 0 ? '-' : String(Math.max(...versions));
}

function describeModel(m: RegisteredModel): string[] {
  return formatFields([
    ['name', m.name],
    ['description', m.description === '' ? '-' : m.description],
    ['user_id', m.user_id],
    ['lifecycle_stage', m.lifecycle_stage],
    ['created', formatTime(m.creation_timestamp)],
    ['last_updated', formatTime(m.last_updated_timestamp)],
    ['tags', keyValues(m.tags)],
    ['aliases', keyValues(m.aliases)],
    ['latest_versions', m.latest_versions.map((v) => `${v.stage}=${v.version}`)],
  ]);
}

/** `mlops models list|get|create|delete`: registered models on a server. */
export function addModelsCommands(program: Command, io: CliIo): void {
  const models = program.command('models').description('registered models on a server (model registry)');

  addListingOptions(
    remoteCommand(models, 'list', 'list registered models: name, latest version, aliases, last update'),
    { filterExample: "name LIKE 'churn%'", orderExample: 'name ASC', deleted: 'deleted models' },
  ).action((options: ListingOptions) =>
    withRemote(io, options, async (remote) => {
      const page = await remote.client.models.list(listingQuery(options));
      showPage(io, remote, page, 'models', {
        count: page.models.length,
        empty: 'no models found',
        table: () =>
          formatTable(
            ['NAME', 'LATEST', 'ALIASES', 'UPDATED'],
            page.models.map((m) => [
              m.name,
              latestVersion(m),
              aliasList(m.aliases),
              formatTime(m.last_updated_timestamp),
            ]),
          ),
      });
    }),
  );

  remoteCommand(
    models,
    'get <name>',
    'show a registered model with its tags, aliases and latest versions',
  ).action((name: string, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      const model = await remote.client.models.get(name);
      remote.show(model, () => describeModel(model));
    }),
  );

  remoteCommand(models, 'create <name>', 'create a registered model')
    .option('--description <text>', 'what the model is for')
    .option('--tag <key=value>', 'a tag (repeatable)', collectTag)
    .action((name: string, options: RemoteOptions & { description?: string; tag?: Record<string, string> }) =>
      withRemote(io, options, async (remote) => {
        const model = await remote.client.models.create({
          name,
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.tag === undefined ? {} : { tags: options.tag }),
        });
        remote.show(model, () => [`created model "${model.name}"`]);
      }),
    );

  remoteCommand(
    models,
    'delete <name>',
    'delete a registered model and its versions (restorable until purged)',
  ).action((name: string, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      await remote.client.models.delete(name);
      if (!remote.json) io.out(`deleted model "${name}"`);
    }),
  );
}
