import type { PluginContext } from '@mlops/plugin-api';
import { expect } from 'chai';
import { createKernel, KernelError } from '../src/index.js';
import { captureLogger, Many, PortA, PortB, PortC, testPlugin, thrownBy } from './fixtures.js';

const { logger } = captureLogger();
const names = (plugins: { name: string }[]) => plugins.map((p) => p.name);
const providerOf = (port: unknown) => (port as { from?: string } | undefined)?.from;

describe('plugin ordering', () => {
  it('puts providers before the plugins that require or optionally use their ports', () => {
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('api', { requires: [PortB], optional: [PortC] })(),
        testPlugin('store', { provides: [PortA] })(),
        testPlugin('tracking', { provides: [PortB], requires: [PortA] })(),
        testPlugin('cache', { provides: [PortC] })(),
      ],
    });
    expect(names([...kernel.plugins])).to.deep.equal(['store', 'tracking', 'cache', 'api']);
  });

  it('keeps config order between plugins of equal rank', () => {
    const kernel = createKernel({
      logger,
      plugins: ['z', 'y', 'x', 'w'].map((n) => testPlugin(n)()),
    });
    expect(names([...kernel.plugins])).to.deep.equal(['z', 'y', 'x', 'w']);
  });

  it('orders consumers of a many-port after every provider', () => {
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('consumer', { requires: [Many] })(),
        testPlugin('p1', { provides: [Many] })(),
        testPlugin('p2', { provides: [Many] })(),
      ],
    });
    expect(names([...kernel.plugins])).to.deep.equal(['p1', 'p2', 'consumer']);
  });

  it('ignores an optional port nobody provides', () => {
    const kernel = createKernel({ logger, plugins: [testPlugin('alone', { optional: [PortA] })()] });
    expect(names([...kernel.plugins])).to.deep.equal(['alone']);
  });

  it('fails on a cycle, naming the plugins and ports in it', () => {
    const err = thrownBy(() =>
      createKernel({
        logger,
        plugins: [
          testPlugin('outside', { provides: [PortC] })(),
          testPlugin('a', { provides: [PortA], requires: [PortB, PortC] })(),
          testPlugin('b', { provides: [PortB], optional: [PortA] })(),
        ],
      }),
    );
    expect(err).to.be.instanceOf(KernelError);
    expect((err as KernelError).code).to.equal('PLUGIN_CYCLE');
    expect(err.message).to.equal(
      'plugins depend on each other in a cycle: "b" needs token(test.a) from "a", "a" needs token(test.b) from "b"',
    );
  });

  it('does not order a plugin after the providers of its late ports, so they may depend on it', async () => {
    const seen: (string | undefined)[] = [];
    let serverCtx: PluginContext<Record<string, unknown>> | undefined;
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('server', {
          provides: [PortB],
          late: [PortA],
          setup: (ctx) => {
            serverCtx = ctx;
            seen.push(providerOf(ctx.find(PortA)));
          },
          start: () => {
            seen.push(providerOf(serverCtx?.find(PortA)));
          },
        })(),
        testPlugin('guard', { provides: [PortA], requires: [PortB] })(),
      ],
    });
    expect(names([...kernel.plugins])).to.deep.equal(['server', 'guard']);
    await kernel.start();
    expect(seen).to.deep.equal([undefined, 'guard']);
    await kernel.stop();
  });

  it('fails on every missing provider at once', () => {
    const err = thrownBy(() =>
      createKernel({
        logger,
        plugins: [testPlugin('a', { requires: [PortA, PortB] })(), testPlugin('b', { requires: [PortC] })()],
      }),
    );
    expect((err as KernelError).code).to.equal('PLUGIN_MISSING_PROVIDER');
    expect(err.message).to.equal(
      [
        'plugin "a" requires token(test.a), but no plugin provides it',
        'plugin "a" requires token(test.b), but no plugin provides it',
        'plugin "b" requires token(test.c), but no plugin provides it',
      ].join('\n'),
    );
  });

  it('fails when two plugins provide a single-provider port', () => {
    const err = thrownBy(() =>
      createKernel({
        logger,
        plugins: [testPlugin('fs', { provides: [PortA] })(), testPlugin('s3', { provides: [PortA] })()],
      }),
    );
    expect((err as KernelError).code).to.equal('PLUGIN_DUPLICATE_PROVIDER');
    expect(err.message).to.equal('token(test.a) allows one provider, but it is provided by "fs" and "s3"');
  });

  it('refuses a plugin that provides a kernel port', async () => {
    const { Logger } = await import('@mlops/plugin-api');
    const err = thrownBy(() =>
      createKernel({ logger, plugins: [testPlugin('mine', { provides: [Logger] })()] }),
    );
    expect(err.message).to.equal(
      'token(core.logger) is provided by the kernel; plugin "mine" cannot provide it',
    );
  });

  it('refuses the same plugin twice', () => {
    const err = thrownBy(() =>
      createKernel({ logger, plugins: [testPlugin('a')(), testPlugin('b')(), testPlugin('a')()] }),
    );
    expect((err as KernelError).code).to.equal('PLUGIN_DUPLICATE_NAME');
    expect(err.message).to.equal('plugin "a" is listed twice (positions 1 and 3)');
  });
});
