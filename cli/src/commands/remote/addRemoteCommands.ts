import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { addArtifactsCommands } from './artifactsCommands.js';
import { addExperimentsCommands } from './experimentsCommands.js';
import { addModelsCommands } from './modelsCommands.js';
import { addRunsCommands } from './runsCommands.js';
import { addVersionsCommands } from './versionsCommands.js';

/** The nouns of the commands that talk to a server over HTTP; they never set up a kernel. */
export const remoteNouns: readonly string[] = ['experiments', 'runs', 'models', 'versions', 'artifacts'];

/**
 * Adds the everyday commands against a server URL (`--server` or `MLOPS_SERVER`):
 * `experiments`, `runs`, `models`, `versions` and `artifacts`.
 */
export function addRemoteCommands(program: Command, io: CliIo): void {
  addExperimentsCommands(program, io);
  addRunsCommands(program, io);
  addModelsCommands(program, io);
  addVersionsCommands(program, io);
  addArtifactsCommands(program, io);
}
