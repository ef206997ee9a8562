import type { Scope } from './Scope.js';

/** A positional argument of a CLI command. */
export interface CommandArgument {
  readonly name: string;
  readonly description?: string;
  /** Defaults to true. */
  readonly required?: boolean;
  readonly variadic?: boolean;
}

/** A flag of a CLI command, in commander's syntax: `-n, --name <value>`. */
export interface CommandOption {
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string | boolean;
}

/** What a command's `run` receives. */
export interface CommandInput {
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  /** The started kernel's scope: ports are reached through it. */
  readonly scope: Scope;
  /** Where to print (standard output of the CLI). */
  readonly print: (line: string) => void;
}

/**
 * A subcommand of `mlops` contributed by a plugin; `name` may hold spaces for nested commands
 * (`users add`).
 */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly arguments?: readonly CommandArgument[];
  readonly options?: readonly CommandOption[];
  run(input: CommandInput): void | Promise<void>;
}
