import { expect } from 'chai';
import { createKernel, KernelError } from '../src/index.js';
import { captureLogger, testPlugin, thrownBy } from './fixtures.js';

const { logger } = captureLogger();

const serverSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string' },
    port: { type: 'integer', minimum: 1, default: 5000 },
    mode: { enum: ['fast', 'safe'], default: 'safe' },
    password: { type: 'string', writeOnly: true },
    tls: {
      type: 'object',
      additionalProperties: false,
      properties: { key: { type: 'string', writeOnly: true }, enabled: { type: 'boolean', default: false } },
      default: {},
    },
  },
};

describe('kernel checks before any plugin runs', () => {
  it('refuses a plugin built for another plugin-api, with both versions', () => {
    const err = thrownBy(() =>
      createKernel({
        logger,
        plugins: [testPlugin('ok')(), testPlugin('@acme/plugin-drift', { apiVersion: '^0.2.0' })()],
      }),
    );
    expect(err).to.be.instanceOf(KernelError);
    expect((err as KernelError).code).to.equal('PLUGIN_API_MISMATCH');
    expect(err.message).to.equal(
      'plugin "@acme/plugin-drift" was built for plugin-api ^0.2.0, but 0.1.0 is installed',
    );
  });

  it('refuses an apiVersion that is not a semver range', () => {
    const err = thrownBy(() =>
      createKernel({ logger, plugins: [testPlugin('x', { apiVersion: 'latest' })()] }),
    );
    expect(err.message).to.equal('plugin "x" has an invalid apiVersion range "latest"');
  });

  it('reports every bad option of every plugin, naming plugin and field', () => {
    const err = thrownBy(() =>
      createKernel({
        logger,
        plugins: [
          testPlugin('server', { configSchema: serverSchema })({
            port: 0,
            mode: 'turbo',
            prot: 1,
            tls: { key: 3 },
          }),
          testPlugin('other', { configSchema: serverSchema })({ url: 42 }),
        ],
      }),
    );
    expect((err as KernelError).code).to.equal('PLUGIN_BAD_OPTIONS');
    expect((err as KernelError).category).to.equal('InvalidArgument');
    expect((err as KernelError).problems).to.have.members([
      'plugin "server": /url is required',
      'plugin "server": /prot is not a known option',
      'plugin "server": /port must be >= 1',
      'plugin "server": /mode must be one of "fast", "safe"',
      'plugin "server": /tls/key must be string',
      'plugin "other": /url must be string',
    ]);
  });

  it('fills in defaults and masks writeOnly secrets in what it prints', () => {
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('server', { configSchema: serverSchema })({
          url: 'x',
          password: 'hunter2',
          tls: { key: 'k' },
        }),
      ],
    });
    expect(kernel.plugins[0]!.maskedOptions).to.deep.equal({
      url: 'x',
      password: '***',
      port: 5000,
      mode: 'safe',
      tls: { key: '***', enabled: false },
    });
  });

  it('gives setup the validated options and leaves the config object untouched', async () => {
    const given = { url: 'x' };
    let seen: unknown;
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('server', {
          configSchema: serverSchema,
          setup: (ctx) => {
            seen = ctx.options;
          },
        })(given),
      ],
    });
    await kernel.start();
    await kernel.stop();
    expect(seen).to.deep.equal({ url: 'x', port: 5000, mode: 'safe', tls: { enabled: false } });
    expect(given).to.deep.equal({ url: 'x' });
  });
});
