/**
 * A command failed and has already said why on stderr: `runCli` returns its exit code and prints
 * nothing more.
 */
export class CommandFailed extends Error {
  constructor(readonly exitCode: number) {
    super(`command failed with exit code ${exitCode}`);
    this.name = 'CommandFailed';
  }
}
