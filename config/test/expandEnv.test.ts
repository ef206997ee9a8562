import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../src/index.js';
import {
  configErrorOf,
  fixturePlugin,
  projectPackageJson,
  removeTempProjects,
  tempProject,
} from './tempProject.js';

const hostReference = `\${env:MLOPS_TEST_HOST}`;
const names = [
  'MLOPS_TEST_DB_URL',
  'MLOPS_TEST_HOST',
  'MLOPS_TEST_EMPTY',
  'MLOPS_TEST_UNSET',
  'MLOPS_TEST_LEVEL',
];

describe(`\${env:NAME} in JSON and YAML configs`, () => {
  beforeEach(() => {
    for (const name of names) delete process.env[name];
  });
  afterEach(() => {
    for (const name of names) delete process.env[name];
  });
  after(removeTempProjects);

  it('expands whole values, embedded references and defaults in every string, plugin options included', async () => {
    process.env.MLOPS_TEST_DB_URL = 'postgres://u:p@db/mlops';
    process.env.MLOPS_TEST_HOST = 'minio.internal';
    process.env.MLOPS_TEST_EMPTY = '';
    process.env.MLOPS_TEST_LEVEL = 'warn';
    const dir = await tempProject({
      ...projectPackageJson,
      ...fixturePlugin('mlops-plugin-alpha'),
      'mlops.config.yaml': [
        `logLevel: \${env:MLOPS_TEST_LEVEL}`,
        'plugins:',
        '  - - mlops-plugin-alpha',
        `    - url: \${env:MLOPS_TEST_DB_URL}`,
        `      endpoint: http://\${env:MLOPS_TEST_HOST}:\${env:MLOPS_TEST_UNSET:-9000}/\${env:MLOPS_TEST_EMPTY:-bucket}`,
        `      region: \${env:MLOPS_TEST_EMPTY}`,
        `      tags: ["\${env:MLOPS_TEST_UNSET:-}", "$\${literal}", 3]`,
        `      "${hostReference}": key names are left alone`,
      ].join('\n'),
    });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded?.config.logLevel).to.equal('warn');
    expect(loaded?.config.plugins[0]?.options).to.deep.equal({
      url: 'postgres://u:p@db/mlops',
      endpoint: 'http://minio.internal:9000/bucket',
      region: '',
      tags: ['', `$\${literal}`, 3],
      [hostReference]: 'key names are left alone',
    });
  });

  it('fails with CONFIG_ENV_MISSING naming the JSON pointer of the value and the reference', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...fixturePlugin('mlops-plugin-alpha'),
      'mlops.config.json': JSON.stringify({
        plugins: [
          'mlops-plugin-alpha',
          ['mlops-plugin-alpha', { 'a/b': { url: `x-\${env:MLOPS_TEST_DB_URL}` } }],
        ],
      }),
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_ENV_MISSING');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.json')}: /plugins/1/1/a~1b/url uses \${env:MLOPS_TEST_DB_URL}, which is not set`,
    );
    expect(error.details).to.deep.equal({ field: '/plugins/1/1/a~1b/url' });
  });

  it('leaves TypeScript and JavaScript configs alone: they read process.env themselves', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...fixturePlugin('mlops-plugin-alpha'),
      'mlops.config.mjs': `import alpha from 'mlops-plugin-alpha';\nexport default { plugins: [alpha({ url: '\${env:MLOPS_TEST_UNSET}' })] };\n`,
    });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded?.config.plugins[0]?.options).to.deep.equal({ url: `\${env:MLOPS_TEST_UNSET}` });
  });
});
