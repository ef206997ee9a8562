import { join } from 'node:path';
import { MlopsError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { type ConfigError, loadConfig } from '../src/index.js';
import { configErrorOf, projectPackageJson, removeTempProjects, tempProject } from './tempProject.js';

/** Loads `config` written as mlops.config.json; returns the error and the file's path. */
async function failureOf(config: unknown): Promise<{ error: ConfigError; file: string }> {
  const dir = await tempProject({ ...projectPackageJson, 'mlops.config.json': JSON.stringify(config) });
  return { error: await configErrorOf(loadConfig({ cwd: dir })), file: join(dir, 'mlops.config.json') };
}

describe('top-level keys and values', () => {
  after(removeTempProjects);

  it('fails with CONFIG_UNKNOWN_KEY on a misspelt key, suggesting the closest known one', async () => {
    const { error, file } = await failureOf({ plugin: [] });
    expect(error).to.be.instanceOf(MlopsError);
    expect(error.category).to.equal('InvalidArgument');
    expect(error.code).to.equal('CONFIG_UNKNOWN_KEY');
    expect(error.message).to.equal(`${file}: unknown top-level key "plugin" (did you mean "plugins"?)`);
    expect(error.details).to.deep.equal({ field: 'plugin' });
    const cased = await failureOf({ plugins: [], loglevel: 'info' });
    expect(cased.error.message).to.equal(
      `${cased.file}: unknown top-level key "loglevel" (did you mean "logLevel"?)`,
    );
    const timeout = await failureOf({ plugins: [], shutdownTimeout: 10 });
    expect(timeout.error.message).to.equal(
      `${timeout.file}: unknown top-level key "shutdownTimeout" (did you mean "shutdownTimeoutMs"?)`,
    );
  });

  it('lists the known keys when no key is close', async () => {
    const { error, file } = await failureOf({ plugins: [], database: 'sqlite' });
    expect(error.code).to.equal('CONFIG_UNKNOWN_KEY');
    expect(error.message).to.equal(
      `${file}: unknown top-level key "database" (known keys: plugins, logLevel, shutdownTimeoutMs)`,
    );
  });

  const invalid: [string, unknown, string][] = [
    ['a config that is not an object', [], 'the config must be an object, got an array'],
    ['a missing plugins key', { logLevel: 'info' }, '"plugins" is required: an array of plugins'],
    [
      'plugins that is not an array',
      { plugins: 'mlops-plugin-alpha' },
      '"plugins" must be an array, got "mlops-plugin-alpha"',
    ],
    [
      'an unknown logLevel',
      { plugins: [], logLevel: 'verbose' },
      '"logLevel" must be one of trace, debug, info, warn, error, fatal, got "verbose"',
    ],
    [
      'a negative shutdownTimeoutMs',
      { plugins: [], shutdownTimeoutMs: -5 },
      '"shutdownTimeoutMs" must be a positive integer, got -5',
    ],
    [
      'a fractional shutdownTimeoutMs',
      { plugins: [], shutdownTimeoutMs: 1.5 },
      '"shutdownTimeoutMs" must be a positive integer, got 1.5',
    ],
    [
      'a string shutdownTimeoutMs',
      { plugins: [], shutdownTimeoutMs: '100' },
      '"shutdownTimeoutMs" must be a positive integer, got "100"',
    ],
  ];
  for (const [what, config, problem] of invalid) {
    it(`fails with CONFIG_INVALID on ${what}`, async () => {
      const { error, file } = await failureOf(config);
      expect(error.code).to.equal('CONFIG_INVALID');
      expect(error.message).to.equal(`${file}: ${problem}`);
    });
  }

  it('fails with CONFIG_PARSE on a JSON or YAML syntax error, keeping the parser error as cause', async () => {
    const dir = await tempProject({
      'j/package.json': '{}',
      'j/mlops.config.json': '{ "plugins": [1,\n',
      'y/package.json': '{}',
      'y/mlops.config.yml': 'plugins:\n  - a\n - b\n',
    });
    const json = await configErrorOf(loadConfig({ cwd: join(dir, 'j') }));
    expect(json.code).to.equal('CONFIG_PARSE');
    expect(json.message).to.equal(
      `${join(dir, 'j/mlops.config.json')}: syntax error: Unexpected end of JSON input while parsing "{ \\"plugins\\": [1,\\n"`,
    );
    expect((json.cause as Error).name).to.equal('JSONError');
    const yaml = await configErrorOf(loadConfig({ cwd: join(dir, 'y') }));
    expect(yaml.code).to.equal('CONFIG_PARSE');
    expect(yaml.message).to.equal(
      `${join(dir, 'y/mlops.config.yml')}: syntax error: bad indentation of a mapping entry (3:2)\n\n 1 | plugins:\n 2 |   - a\n 3 |  - b\n------^`,
    );
    expect((yaml.cause as Error).name).to.equal('YAMLException');
  });
});
