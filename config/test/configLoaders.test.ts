import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginFactory } from '@mlops/plugin-api';
import { expect } from 'chai';
import { loadConfig } from '../src/index.js';
import {
  configErrorOf,
  fixturePlugin,
  projectPackageJson,
  removeTempProjects,
  tempProject,
} from './tempProject.js';

const tsConfig = `import { defineConfig } from '@mlops/config';
import alphaPlugin from 'mlops-plugin-alpha';

interface Settings { url: string }
const settings: Settings = { url: 'sqlite://.mlops/db' };

export default defineConfig({
  plugins: [alphaPlugin(settings)],
  logLevel: 'debug',
  shutdownTimeoutMs: 5000,
});
`;

async function nativeFactory(dir: string, name: string): Promise<PluginFactory<unknown>> {
  const mod = await import(pathToFileURL(join(dir, 'node_modules', name, 'index.js')).href);
  return mod.default;
}

describe('TypeScript and JavaScript configs', () => {
  after(removeTempProjects);

  for (const file of ['mlops.config.ts', 'mlops.config.mts']) {
    it(`loads ${file} with defineConfig from @mlops/config and a plugin factory from node_modules`, async () => {
      const dir = await tempProject({
        ...projectPackageJson,
        ...fixturePlugin('mlops-plugin-alpha'),
        [file]: tsConfig,
      });
      const loaded = await loadConfig({ cwd: dir });
      expect(loaded?.filepath).to.equal(join(dir, file));
      expect(loaded?.config.logLevel).to.equal('debug');
      expect(loaded?.config.shutdownTimeoutMs).to.equal(5000);
      expect(loaded?.config.plugins).to.have.length(1);
      const [alpha] = loaded!.config.plugins;
      expect(alpha!.options).to.deep.equal({ url: 'sqlite://.mlops/db' });
      // The plugin package is loaded natively, not transpiled: the kernel sees the same manifest object.
      expect(alpha!.manifest).to.equal((await nativeFactory(dir, 'mlops-plugin-alpha')).manifest);
    });
  }

  it('uses the whole module of a TS config that has no default export', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.ts': "export const plugins: unknown[] = [];\nexport const logLevel = 'trace';\n",
    });
    expect((await loadConfig({ cwd: dir }))?.config).to.deep.equal({ plugins: [], logLevel: 'trace' });
  });

  it('loads .js, .mjs and .cjs configs through import()', async () => {
    const plugin = fixturePlugin('mlops-plugin-alpha');
    const dir = await tempProject({
      ...projectPackageJson,
      ...plugin,
      'a/mlops.config.js':
        "import alpha from 'mlops-plugin-alpha';\nexport default { plugins: [alpha({ n: 1 })] };\n",
      'b/mlops.config.mjs':
        "import { plugin } from 'mlops-plugin-alpha';\nexport const plugins = [plugin()];\n",
      'c/mlops.config.cjs': "module.exports = { plugins: [], logLevel: 'warn' };\n",
    });
    const manifest = (await nativeFactory(dir, 'mlops-plugin-alpha')).manifest;
    const js = await loadConfig({ cwd: join(dir, 'a') });
    expect(js?.filepath).to.equal(join(dir, 'a/mlops.config.js'));
    expect(js?.config.plugins.map((p) => [p.manifest, p.options])).to.deep.equal([[manifest, { n: 1 }]]);
    const mjs = await loadConfig({ cwd: join(dir, 'b') });
    expect(mjs?.config.plugins.map((p) => [p.manifest, p.options])).to.deep.equal([[manifest, {}]]);
    expect((await loadConfig({ cwd: join(dir, 'c') }))?.config).to.deep.equal({
      plugins: [],
      logLevel: 'warn',
    });
  });

  it('fails with CONFIG_PARSE on a TypeScript syntax error, naming line and column', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.ts': 'const x: number = ;\nexport default {};\n',
    });
    const file = join(dir, 'mlops.config.ts');
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_PARSE');
    expect(error.message).to.equal(`${file}: syntax error: Unexpected token\n ${file}:1:18`);
    expect(error.cause).to.be.instanceOf(Error);
  });

  it('fails with CONFIG_PARSE on a JavaScript syntax error', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.mjs': 'export default { plugins: [ };\n',
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_PARSE');
    expect(error.message).to.equal(`${join(dir, 'mlops.config.mjs')}: syntax error: Unexpected token '}'`);
    expect(error.cause).to.be.instanceOf(SyntaxError);
  });

  it('fails with CONFIG_LOAD_FAILED when a TS config imports a package that is not installed', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.ts': "import nope from 'mlops-plugin-nope';\nexport default { plugins: [nope()] };\n",
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_LOAD_FAILED');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.ts')}: loading the config failed: Cannot find module 'mlops-plugin-nope'`,
    );
    expect((error.cause as { code?: string }).code).to.equal('MODULE_NOT_FOUND');
  });

  it('fails with CONFIG_LOAD_FAILED when a JS config throws', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.js': "throw new Error('DB_URL is required');\n",
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_LOAD_FAILED');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.js')}: loading the config failed: DB_URL is required`,
    );
    expect((error.cause as Error).message).to.equal('DB_URL is required');
  });
});
