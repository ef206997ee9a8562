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

describe('plugins of TypeScript and JavaScript configs', () => {
  after(removeTempProjects);

  it('fails with CONFIG_BAD_PLUGIN_ENTRY on a factory that was not called, naming the plugin', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      ...fixturePlugin('mlops-plugin-alpha'),
      'mlops.config.ts':
        "import alpha from 'mlops-plugin-alpha';\nexport default { plugins: [alpha(), alpha] };\n",
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_BAD_PLUGIN_ENTRY');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.ts')}: plugins[1] is the factory of plugin "mlops-plugin-alpha", not a plugin instance: call it, as in myPlugin({ ... })`,
    );
    expect(error.details).to.deep.equal({ field: '/plugins/1' });
  });

  it('fails with CONFIG_BAD_PLUGIN_ENTRY on a module name, which only JSON and YAML configs resolve', async () => {
    const dir = await tempProject({
      ...projectPackageJson,
      'mlops.config.mjs': "export default { plugins: ['mlops-plugin-alpha'] };\n",
    });
    const error = await configErrorOf(loadConfig({ cwd: dir }));
    expect(error.code).to.equal('CONFIG_BAD_PLUGIN_ENTRY');
    expect(error.message).to.equal(
      `${join(dir, 'mlops.config.mjs')}: plugins[0] is not a plugin instance, got "mlops-plugin-alpha": list factory calls, as in myPlugin({ ... })`,
    );
  });
});
