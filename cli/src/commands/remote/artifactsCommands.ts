import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { formatTable } from '../../formatTable.js';
import { downloadArtifact } from './downloadArtifact.js';
import { type RemoteOptions, remoteCommand, withRemote } from './remoteCommand.js';
import { uploadArtifact } from './uploadArtifact.js';

/** `mlops artifacts list|upload|download` of a run, against a server. */
export function addArtifactsCommands(program: Command, io: CliIo): void {
  const artifacts = program.command('artifacts').description("a run's artifacts on a server");

  remoteCommand(
    artifacts,
    'list <runId> [path]',
    "list a directory of a run's artifacts (the root by default)",
  ).action((runId: string, path: string | undefined, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      const files = await remote.client.artifacts.list(runId, path);
      remote.show({ files }, () =>
        files.length === 0
          ? ['no artifacts found']
          : formatTable(
              ['PATH', 'SIZE'],
              files.map((f) => [
                f.is_dir ? `${f.path}/` : f.path,
                f.size === undefined ? '-' : String(f.size),
              ]),
            ),
      );
    }),
  );

  remoteCommand(
    artifacts,
    'upload <runId> <file> [artifactPath]',
    'upload a file, streamed, to a path under the run (default: the file name; a path ending in / is a directory)',
  ).action((runId: string, file: string, artifactPath: string | undefined, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      const { entry, sha256 } = await uploadArtifact(remote, runId, file, artifactPath);
      remote.show(entry, () => [
        `uploaded ${file} to run ${runId} as ${entry.path} (${entry.size ?? 0} bytes, sha256 ${sha256})`,
      ]);
    }),
  );

  remoteCommand(
    artifacts,
    'download <runId> <artifactPath> [destination]',
    'download a file, streamed (default: its name in the current directory; into a directory if one is named)',
  ).action((runId: string, artifactPath: string, destination: string | undefined, options: RemoteOptions) =>
    withRemote(io, options, async (remote) => {
      const saved = await downloadArtifact(remote, runId, artifactPath, destination);
      remote.show(saved, () => [
        `downloaded ${artifactPath} of run ${runId} to ${saved.file} (${saved.bytes} bytes, sha256 ${saved.sha256})`,
      ]);
    }),
  );
}
