import { readFileSync } from 'node:fs';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { httpPlugin } from '../src/index.js';

describe('httpPlugin', () => {
  it('is named and versioned as its package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(httpPlugin.manifest.name).to.equal(pkg.name);
    expect(httpPlugin.manifest.version).to.equal(pkg.version);
  });

  it('declares what it provides, requires and optionally uses', async () => {
    const kernel = await createTestKernel({ plugins: [httpPlugin({ port: 0 })] });
    try {
      expect(kernel.plugins[0]).to.deep.include({
        provides: ['http.routes', 'http.server'],
        requires: ['core.lifecycle'],
        optional: [],
        late: ['auth.auth'],
      });
      expect(kernel.plugins[0]!.maskedOptions).to.deep.equal({
        listen: true,
        host: '127.0.0.1',
        port: 0,
        trustProxy: false,
        bodyLimitBytes: 10 * 1024 * 1024,
        headersTimeoutMs: 60_000,
        requestTimeoutMs: 300_000,
        keepAliveTimeoutMs: 65_000,
        shutdownTimeoutMs: 5_000,
        shutdownDelayMs: 0,
        metricsPermission: 'public',
        accessLog: true,
      });
    } finally {
      await kernel.stop();
    }
  });

  it('refuses unknown and out-of-range options, naming them', async () => {
    const err = await rejectionOf(
      createTestKernel({ plugins: [httpPlugin({ port: 70000, prot: 1 } as never)] }),
    );
    expect((err as Error).message).to.equal(
      [
        'plugin "@mlops/plugin-http": /prot is not a known option',
        'plugin "@mlops/plugin-http": /port must be <= 65535',
      ].join('\n'),
    );
  });
});
