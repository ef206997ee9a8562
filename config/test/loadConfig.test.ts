import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, configSearchPlaces, loadConfig } from '../src/index.js';
import { configErrorOf, projectPackageJson, removeTempProjects, tempProject } from './tempProject.js';

/** A config in each format, told apart by its shutdownTimeoutMs. */
function configFile(place: string, timeout: number): string {
  if (place === 'package.json') {
    return JSON.stringify({
      name: 'project',
      type: 'module',
      mlops: { plugins: [], shutdownTimeoutMs: timeout },
    });
  }
  if (place.endsWith('.json')) return JSON.stringify({ plugins: [], shutdownTimeoutMs: timeout });
  if (place.endsWith('.yaml') || place.endsWith('.yml'))
    return `plugins: []\nshutdownTimeoutMs: ${timeout}\n`;
  if (place.endsWith('.cjs')) return `module.exports = { plugins: [], shutdownTimeoutMs: ${timeout} };\n`;
  if (place.endsWith('ts')) {
    return `const timeout: number = ${timeout};\nexport default { plugins: [], shutdownTimeoutMs: timeout };\n`;
  }
  return `export default { plugins: [], shutdownTimeoutMs: ${timeout} };\n`;
}

describe('loadConfig', () => {
  after(removeTempProjects);

  it('searches the file names in priority order: .ts, .mts, .js, .mjs, .cjs, .json, .yaml, .yml, then package.json', async () => {
    const files = Object.fromEntries(
      configSearchPlaces.map((place, i) => [place, configFile(place, 1000 + i)]),
    );
    const dir = await tempProject(files);
    for (const [i, place] of configSearchPlaces.entries()) {
      const loaded = await loadConfig({ cwd: dir });
      expect(loaded?.filepath, place).to.equal(join(dir, place));
      expect(loaded?.config, place).to.deep.equal({ plugins: [], shutdownTimeoutMs: 1000 + i });
      await rm(join(dir, place));
    }
    expect(await loadConfig({ cwd: dir })).to.equal(undefined);
  });

  it('prefers mlops.config.ts over mlops.config.json in the same directory', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.json': JSON.stringify({ plugins: [], logLevel: 'warn' }),
      'mlops.config.ts': "export default { plugins: [], logLevel: 'debug' as const };\n",
    });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded).to.deep.equal({
      filepath: join(dir, 'mlops.config.ts'),
      config: { plugins: [], logLevel: 'debug' },
    });
  });

  it('prefers .json over .yaml, and uses the mlops key of package.json only when no file exists', async () => {
    const dir = await tempProject({
      'package.json': JSON.stringify({ name: 'p', mlops: { plugins: [], logLevel: 'fatal' } }),
      'mlops.config.json': JSON.stringify({ plugins: [], logLevel: 'warn' }),
      'mlops.config.yaml': 'plugins: []\nlogLevel: error\n',
    });
    expect((await loadConfig({ cwd: dir }))?.config.logLevel).to.equal('warn');
    await rm(join(dir, 'mlops.config.json'));
    expect((await loadConfig({ cwd: dir }))?.config.logLevel).to.equal('error');
    await rm(join(dir, 'mlops.config.yaml'));
    expect(await loadConfig({ cwd: dir })).to.deep.equal({
      filepath: join(dir, 'package.json'),
      config: { plugins: [], logLevel: 'fatal' },
    });
  });

  it('searches parent directories up to the first one with a package.json', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.yml': 'plugins: []\nlogLevel: info\n',
      'src/deep/file.txt': '',
      'packages/inner/package.json': JSON.stringify({ name: 'inner' }),
    });
    const found = await loadConfig({ cwd: join(dir, 'src/deep') });
    expect(found).to.deep.equal({
      filepath: join(dir, 'mlops.config.yml'),
      config: { plugins: [], logLevel: 'info' },
    });
    expect(await loadConfig({ cwd: join(dir, 'packages/inner') })).to.equal(undefined);
  });

  it('loads `file` directly, resolved against cwd, whatever else the directory holds', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.ts': 'export default { plugins: [] };\n',
      'conf/staging.yaml': 'plugins: []\nshutdownTimeoutMs: 250\n',
    });
    const loaded = await loadConfig({ cwd: dir, file: 'conf/staging.yaml' });
    expect(loaded).to.deep.equal({
      filepath: join(dir, 'conf/staging.yaml'),
      config: { plugins: [], shutdownTimeoutMs: 250 },
    });
  });

  it('fails with CONFIG_NOT_FOUND when `file` does not exist', async () => {
    const dir = await tempProject(projectPackageJson);
    const error = await configErrorOf(loadConfig({ cwd: dir, file: 'missing.json' }));
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.category).to.equal('InvalidArgument');
    expect(error.code).to.equal('CONFIG_NOT_FOUND');
    expect(error.message).to.equal(`${join(dir, 'missing.json')}: no such file`);
    expect((error.cause as { code?: string }).code).to.equal('ENOENT');
  });

  it('fails with CONFIG_FILE_TYPE when `file` has an extension no loader reads', async () => {
    const dir = await tempProject({ 'mlops.config.toml': 'plugins = []\n' });
    const error = await configErrorOf(loadConfig({ cwd: dir, file: 'mlops.config.toml' }));
    expect(error.code).to.equal('CONFIG_FILE_TYPE');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.toml')}: cannot read ".toml" files; use one of .ts, .mts, .js, .mjs, .cjs, .json, .yaml, .yml`,
    );
  });

  it('fails with CONFIG_INVALID when `file` is a package.json without an mlops key', async () => {
    const dir = await tempProject(projectPackageJson);
    const error = await configErrorOf(loadConfig({ cwd: dir, file: 'package.json' }));
    expect(error.code).to.equal('CONFIG_INVALID');
    expect(error.message).to.equal(`${join(dir, 'package.json')}: has no "mlops" key`);
  });

  it('fails with CONFIG_INVALID on an empty config file instead of skipping it', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.json': '  \n',
      'mlops.config.yaml': 'plugins: []',
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_INVALID');
    expect(error.message).to.equal(`${join(dir, 'mlops.config.json')}: the config is empty`);
  });
});
