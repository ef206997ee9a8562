import type { RegisteredModel } from '@mlops/client';
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

  remoteCommand(models, 'list', 'list registered models: name, latest version, aliases, last update')
    .option('--filter <expression>', 'filter language of the registry, e.g. "name LIKE \'churn%\'"')
    .option('--order-by <clause>', 'e.g. "name ASC" (repeatable)', collect)
    .option('--max-results <n>', 'at most this many (one page)', positiveInteger)
    .option('--page-token <token>', 'the next page, from a previous listing')
    .option('--all', 'include deleted models')
    .action((options: ListOptions) =>
      withRemote(io, options, async (remote) => {
        const page = await remote.client.models.list({
          ...(options.filter === undefined ? {} : { filter: options.filter }),
          ...(options.orderBy === undefined ? {} : { order_by: options.orderBy }),
          ...(options.maxResults === undefined ? {} : { max_results: options.maxResults }),
          ...(options.pageToken === undefined ? {} : { page_token: options.pageToken }),
          ...(options.all ? { view_type: 'ALL' as const } : {}),
        });
        remote.show(page, () =>
          page.models.length === 0
            ? ['no models found']
            : formatTable(
                ['NAME', 'LATEST', 'ALIASES', 'UPDATED'],
                page.models.map((m) => [
                  m.name,
                  latestVersion(m),
                  aliasList(m.aliases),
                  formatTime(m.last_updated_timestamp),
                ]),
              ),
        );
        if (page.next_page_token !== undefined && !remote.json) {
          io.err(`more models: add --page-token ${page.next_page_token}`);
        }
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
