import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/index.js';

// Inside the repository, so '@mlops/*' resolve from the fixture's files through the workspace.
const tmpRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.tmp-test');

const fixturePlugin = `
import { definePlugin } from '@mlops/plugin-api';
export default definePlugin({
  name: 'mlops-plugin-greeter',
  version: '2.1.0',
  apiVersion: '^0.1.0',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      greeting: { type: 'string', default: 'hello' },
      port: { type: 'integer', default: 7000 },
      apiKey: { type: 'string', writeOnly: true },
    },
  },
  setup(ctx) {
    ctx.addCommand({
      name: 'greet person',
      description: 'Greets someone',
      arguments: [{ name: 'who' }],
      options: [{ flags: '--shout', description: 'in capitals' }],
      run({ args, options, print }) {
        const line = ctx.options.greeting + ' ' + args[0];
        print(options.shout ? line.toUpperCase() : line);
      },
    });
  },
});
`;

/** A temporary project with a plugin package in its node_modules, and files to add. */
export function fixtureProject(files: Record<string, string> = {}) {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'cli-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('package.json', JSON.stringify({ name: 'fixture-project', private: true, type: 'module' }));
  write(
    'node_modules/mlops-plugin-greeter/package.json',
    JSON.stringify({ name: 'mlops-plugin-greeter', version: '2.1.0', type: 'module', exports: './index.js' }),
  );
  write('node_modules/mlops-plugin-greeter/index.js', fixturePlugin);
  for (const [path, text] of Object.entries(files)) write(path, text);
  return {
    dir,
    write,
    path: (p: string) => join(dir, p),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A CliIo that records what the CLI printed. */
export function recordingIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, out: (l) => void out.push(l), err: (l) => void err.push(l) };
  return { io, out, err };
}
