import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { positiveInteger } from './argumentParsers.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';

/**
 * `mlops versions transition|alias|unalias`: promotions, which the server's quality gates may
 * refuse (exit code 4, with the gate's reason).
 */
export function addVersionPromotionCommands(versions: Command, io: CliIo): void {
  remoteCommand(versions, 'transition <model>', 'move a version to a stage')
    .argument('<version>', 'version number', positiveInteger)
    .argument('<stage>', 'Staging, Production, Archived or None')
    .option('--reason <text>', 'why, recorded in the model history')
    .option('--archive-existing', 'archive the versions now in that stage')
    .action(
      (
        model: string,
        version: number,
        stage: string,
        options: RemoteOptions & { reason?: string; archiveExisting?: boolean },
      ) =>
        withRemote(io, options, async (remote) => {
          const moved = await remote.client.versions.transition(model, version, {
            stage,
            ...(options.reason === undefined ? {} : { reason: options.reason }),
            ...(options.archiveExisting ? { archive_existing_versions: true } : {}),
          });
          remote.show(moved, () => [
            `version ${moved.version} of model "${moved.name}" is now in stage ${moved.stage}`,
          ]);
        }),
    );

  remoteCommand(versions, 'alias <model> <alias>', 'point an alias at a version, or move it there')
    .argument('<version>', 'version number', positiveInteger)
    .option('--reason <text>', 'why, recorded in the model history')
    .action((model: string, alias: string, version: number, options: RemoteOptions & { reason?: string }) =>
      withRemote(io, options, async (remote) => {
        const target = await remote.client.models.setAlias(
          model,
          alias,
          version,
          options.reason === undefined ? {} : { reason: options.reason },
        );
        remote.show(target, () => [
          `alias "${alias}" of model "${target.name}" now points to version ${target.version}`,
        ]);
      }),
    );

  remoteCommand(versions, 'unalias <model> <alias>', 'remove an alias (one that is not set is no error)')
    .option('--reason <text>', 'why, recorded in the model history')
    .action((model: string, alias: string, options: RemoteOptions & { reason?: string }) =>
      withRemote(io, options, async (remote) => {
        await remote.client.models.deleteAlias(
          model,
          alias,
          options.reason === undefined ? {} : { reason: options.reason },
        );
        if (!remote.json) io.out(`removed alias "${alias}" of model "${model}"`);
      }),
    );
}
