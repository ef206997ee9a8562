import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../src/index.js';

// Inside the package, so that '@mlops/*' resolves from the projects through the root node_modules.
const root = fileURLToPath(new URL('../../.tmp-test/', import.meta.url));

/** Writes `files` (path relative to the project: content) into a fresh directory; returns its path. */
export async function tempProject(files: Record<string, string>): Promise<string> {
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'project-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** Removes every project made by {@link tempProject}. */
export async function removeTempProjects(): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** The files of an ESM package `name` in node_modules whose entry point is `index` (lines of code). */
export function esmPackage(name: string, index: string[]): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({
      name,
      version: '1.2.3',
      type: 'module',
      exports: './index.js',
    }),
    [`node_modules/${name}/index.js`]: `${index.join('\n')}\n`,
  };
}

/** A tiny ESM plugin package in node_modules, its default export made with definePlugin. */
export function fixturePlugin(name: string): Record<string, string> {
  return esmPackage(name, [
    "import { definePlugin } from '@mlops/plugin-api';",
    `export const plugin = definePlugin({ name: '${name}', version: '1.2.3', apiVersion: '^0.1.0', setup() {} });`,
    'export default plugin;',
  ]);
}

/** A package.json that ends the upward search at the project's directory. */
export const projectPackageJson = { 'package.json': JSON.stringify({ name: 'project', type: 'module' }) };

/** The ConfigError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a ConfigError, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof ConfigError)) throw outcome.error;
  return outcome.error;
}
