import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../src/index.js';
import {
  configErrorOf,
  esmPackage,
  fixturePlugin,
  projectPackageJson,
  removeTempProjects,
  tempProject,
} from './tempProject.js';

const plugins = { ...fixturePlugin('mlops-plugin-alpha'), ...fixturePlugin('@acme/mlops-plugin-beta') };

/** What a loaded plugin list boils down to: each plugin's name, version and options. */
function summary(loaded: Awaited<ReturnType<typeof loadConfig>>): unknown[] {
  return loaded!.config.plugins.map((p) => [p.manifest.name, p.manifest.version, p.options]);
}

describe('plugins of JSON and YAML configs', () => {
  after(removeTempProjects);

  it('loads "name" and [name, options] entries of a JSON config from the node_modules next to it', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...plugins,
      'mlops.config.json': JSON.stringify({
        plugins: [
          'mlops-plugin-alpha',
          ['@acme/mlops-plugin-beta', { url: 'postgres://db', pool: { max: 4 } }],
        ],
      }),
      'src/app/readme.txt': '',
    });
    const loaded = await loadConfig({ cwd: join(dir, 'src/app') });
    expect(loaded?.filepath).to.equal(join(dir, 'mlops.config.json'));
    expect(summary(loaded)).to.deep.equal([
      ['mlops-plugin-alpha', '1.2.3', {}],
      ['@acme/mlops-plugin-beta', '1.2.3', { url: 'postgres://db', pool: { max: 4 } }],
    ]);
  });

  it('loads the same entries from YAML and from the mlops key of package.json', async () => {
    const dir = await tempProject({
      ...plugins,
      'y/package.json': '{}',
      'y/mlops.config.yaml':
        'plugins:\n  - ["@acme/mlops-plugin-beta", { url: "s3://bucket" }]\n  - mlops-plugin-alpha\n',
      'p/package.json': JSON.stringify({
        name: 'p',
        mlops: { plugins: [['mlops-plugin-alpha', { port: 8080 }]] },
      }),
    });
    expect(summary(await loadConfig({ cwd: join(dir, 'y') }))).to.deep.equal([
      ['@acme/mlops-plugin-beta', '1.2.3', { url: 's3://bucket' }],
      ['mlops-plugin-alpha', '1.2.3', {}],
    ]);
    expect(summary(await loadConfig({ cwd: join(dir, 'p') }))).to.deep.equal([
      ['mlops-plugin-alpha', '1.2.3', { port: 8080 }],
    ]);
  });

  it('loads a relative module path from the config file directory', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...plugins,
      'plugins/local.js': "export { default } from 'mlops-plugin-alpha';\n",
      'mlops.config.yml': 'plugins:\n  - ["./plugins/local.js", { local: true }]\n',
    });
    expect(summary(await loadConfig({ cwd: dir }))).to.deep.equal([
      ['mlops-plugin-alpha', '1.2.3', { local: true }],
    ]);
  });

  it('fails with CONFIG_UNKNOWN_PLUGIN naming the entry, the module and the directory', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...plugins,
      'mlops.config.json': JSON.stringify({
        plugins: ['mlops-plugin-alpha', '@acme/mlops-plugin-beta', 'mlops-plugin-nope'],
      }),
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_UNKNOWN_PLUGIN');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.json')}: plugins[2]: plugin module "mlops-plugin-nope" was not found from ${dir}`,
    );
    expect(error.details).to.deep.equal({ field: '/plugins/2' });
    expect((error.cause as { code?: string }).code).to.equal('ERR_MODULE_NOT_FOUND');
  });

  const badEntries: [string, unknown, string][] = [
    ['a number', 42, 'got 42'],
    ['an empty string', '', 'got ""'],
    ['a one-element array', ['mlops-plugin-alpha'], 'got ["mlops-plugin-alpha"]'],
    ['options that are not an object', ['mlops-plugin-alpha', 'fast'], 'got ["mlops-plugin-alpha","fast"]'],
    ['an object', { name: 'mlops-plugin-alpha' }, 'got an object'],
  ];
  for (const [what, entry, got] of badEntries) {
    it(`fails with CONFIG_BAD_PLUGIN_ENTRY on ${what}`, async () => {
      const dir = await tempProject({
        ...projectPackageJson,
        ...plugins,
        'mlops.config.json': JSON.stringify({ plugins: ['mlops-plugin-alpha', entry] }),
      });
      const error = await configErrorOf(loadConfig({ cwd: dir }));
      expect(error.code).to.equal('CONFIG_BAD_PLUGIN_ENTRY');
      expect(error.message).to.equal(
        `${join(dir, 'mlops.config.json')}: plugins[1]: expected a module name or a [moduleName, { options }] pair, ${got}`,
      );
    });
  }

  it('fails with CONFIG_BAD_PLUGIN_ENTRY when the default export is not a plugin factory', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...esmPackage('not-a-plugin', ['export default function notAPlugin() {}']),
      ...esmPackage('no-default', ['export const x = 1;']),
      'a/mlops.config.yaml': 'plugins: [not-a-plugin]\n',
      'b/mlops.config.yaml': 'plugins: [no-default]\n',
    });
    const a = await configErrorOf(loadConfig({ cwd: join(dir, 'a') }));
    expect(a.code).to.equal('CONFIG_BAD_PLUGIN_ENTRY');
    expect(a.message).to.equal(
      `${join(dir, 'a/mlops.config.yaml')}: plugins[0]: the default export of "not-a-plugin" is a function, not a plugin factory (made with definePlugin)`,
    );
    const b = await configErrorOf(loadConfig({ cwd: join(dir, 'b') }));
    expect(b.message).to.equal(
      `${join(dir, 'b/mlops.config.yaml')}: plugins[0]: the default export of "no-default" is undefined, not a plugin factory (made with definePlugin)`,
    );
  });

  it('fails with CONFIG_PLUGIN_LOAD_FAILED when a plugin module throws on import or its factory throws', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...esmPackage('broken', ["throw new Error('missing native binding');"]),
      ...esmPackage('picky', [
        "const factory = () => { throw new Error('options are frozen'); };",
        "factory.manifest = { name: 'picky', version: '1.0.0', apiVersion: '^0.1.0', setup() {} };",
        'export default factory;',
      ]),
      'a/mlops.config.json': JSON.stringify({ plugins: ['broken'] }),
      'b/mlops.config.json': JSON.stringify({ plugins: [['picky', { a: 1 }]] }),
    });
    const a = await configErrorOf(loadConfig({ cwd: join(dir, 'a') }));
    expect(a.code).to.equal('CONFIG_PLUGIN_LOAD_FAILED');
    expect(a.message).to.equal(
      `${join(dir, 'a/mlops.config.json')}: plugins[0]: importing plugin module "broken" failed: missing native binding`,
    );
    expect((a.cause as Error).message).to.equal('missing native binding');
    const b = await configErrorOf(loadConfig({ cwd: join(dir, 'b') }));
    expect(b.code).to.equal('CONFIG_PLUGIN_LOAD_FAILED');
    expect(b.message).to.equal(
      `${join(dir, 'b/mlops.config.json')}: plugins[0]: the factory of plugin module "picky" threw: options are frozen`,
    );
  });
});
