import { definePlugin } from '@mlops/plugin-api';
import { expect } from 'chai';
import { defineConfig } from '../src/index.js';

describe('defineConfig', () => {
  it('returns the config it was given, plugin instances untouched', () => {
    const plugin = definePlugin({ name: 'p', version: '1.0.0', apiVersion: '^0.1.0', setup() {} });
    const config = { plugins: [plugin()], logLevel: 'info' as const, shutdownTimeoutMs: 3000 };
    expect(defineConfig(config)).to.equal(config);
    expect(config.plugins[0]!.manifest).to.equal(plugin.manifest);
  });
});
