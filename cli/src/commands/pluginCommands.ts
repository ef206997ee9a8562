import type { PluginCommand, Scope } from '@mlops/plugin-api';
import { Command } from 'commander';
import type { CliIo } from '../CliIo.js';

/**
 * Adds the commands plugins contributed (`users add` nests under `users`). A name taken by a
 * built-in command or another plugin is refused with both owners named.
 */
export function addPluginCommands(
  program: Command,
  commands: readonly PluginCommand[],
  scope: Scope,
  io: CliIo,
): void {
  const owners = new Map<string, string>();
  for (const { plugin, spec } of commands) {
    const path = spec.name.trim().split(/\s+/);
    let parent = program;
    for (const word of path.slice(0, -1)) {
      parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word);
    }
    const leaf = path.at(-1)!;
    const full = path.join(' ');
    if (parent.commands.some((c) => c.name() === leaf)) {
      const owner = owners.get(full) ?? 'the mlops command';
      throw new Error(`plugin "${plugin}" adds the command "${full}", which ${owner} already has`);
    }
    owners.set(full, `plugin "${plugin}"`);
    const command = new Command(leaf).description(`${spec.description} (from ${plugin})`);
    for (const a of spec.arguments ?? []) {
      const name = `${a.name}${a.variadic ? '...' : ''}`;
      command.argument(a.required === false ? `[${name}]` : `<${name}>`, a.description ?? '');
    }
    for (const o of spec.options ?? []) command.option(o.flags, o.description, o.defaultValue);
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const args = self.processedArgs.flatMap((a: unknown) => (a === undefined ? [] : a)) as string[];
      await spec.run({ args, options: self.opts(), scope, print: io.out });
    });
    parent.addCommand(command);
  }
}
