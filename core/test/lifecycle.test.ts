import { createToken } from '@mlops/plugin-api';
import { expect } from 'chai';
import { createKernel, KernelError } from '../src/index.js';
import { captureLogger, PortA, PortB, PortC, rejectionOf, testPlugin } from './fixtures.js';

const { logger } = captureLogger();

function chain(journal: string[], failing?: { phase: 'setup' | 'start' | 'stop'; plugin: string }) {
  const fail = (phase: string, name: string) => () => {
    if (failing?.phase === phase && failing.plugin === name) throw new Error(`${name} broke in ${phase}`);
  };
  const spec = (name: string) => ({
    journal,
    setup: (ctx: { onClose(fn: () => void): void }) => {
      ctx.onClose(() => {
        journal.push(`close ${name}`);
      });
      fail('setup', name)();
    },
    start: fail('start', name),
    stop: fail('stop', name),
  });
  return [
    testPlugin('api', { ...spec('api'), requires: [PortB] })(),
    testPlugin('store', { ...spec('store'), provides: [PortA] })(),
    testPlugin('tracking', { ...spec('tracking'), provides: [PortB], requires: [PortA] })(),
  ];
}

describe('kernel lifecycle', () => {
  it('sets up and starts in order, and stops in reverse', async () => {
    const journal: string[] = [];
    const kernel = createKernel({ logger, plugins: chain(journal) });
    await kernel.start();
    expect(kernel.state).to.equal('started');
    await kernel.stop();
    expect(kernel.state).to.equal('stopped');
    expect(journal).to.deep.equal([
      'setup store',
      'setup tracking',
      'setup api',
      'start store',
      'start tracking',
      'start api',
      'stop api',
      'stop tracking',
      'stop store',
      'close api',
      'close tracking',
      'close store',
    ]);
  });

  it('stops the plugins already started, in reverse, when one fails to start', async () => {
    const journal: string[] = [];
    const kernel = createKernel({ logger, plugins: chain(journal, { phase: 'start', plugin: 'api' }) });
    const err = await rejectionOf(kernel.start());
    expect(err).to.be.instanceOf(KernelError);
    expect((err as KernelError).code).to.equal('PLUGIN_START_FAILED');
    expect(err.message).to.equal('plugin "api" failed in start: api broke in start');
    expect((err.cause as Error).message).to.equal('api broke in start');
    expect(journal.slice(5)).to.deep.equal([
      'start api',
      'stop tracking',
      'stop store',
      'close api',
      'close tracking',
      'close store',
    ]);
    expect(kernel.state).to.equal('stopped');
  });

  it('closes what earlier plugins opened when a setup fails, and never starts anything', async () => {
    const journal: string[] = [];
    const kernel = createKernel({ logger, plugins: chain(journal, { phase: 'setup', plugin: 'tracking' }) });
    const err = await rejectionOf(kernel.start());
    expect((err as KernelError).code).to.equal('PLUGIN_SETUP_FAILED');
    expect(err.message).to.equal('plugin "tracking" failed in setup: tracking broke in setup');
    expect(journal).to.deep.equal(['setup store', 'setup tracking', 'close tracking', 'close store']);
  });

  it('gathers every stop failure and still stops the rest', async () => {
    const journal: string[] = [];
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('a', { journal, stop: () => Promise.reject(new Error('disk gone')) })(),
        testPlugin('b', { journal })(),
        testPlugin('c', { journal, stop: () => Promise.reject(new Error('socket stuck')) })(),
      ],
    });
    await kernel.start();
    const err = await rejectionOf(kernel.stop());
    expect((err as KernelError).code).to.equal('PLUGIN_STOP_FAILED');
    expect((err as KernelError).problems).to.deep.equal([
      'plugin "c" failed in stop: socket stuck',
      'plugin "a" failed in stop: disk gone',
    ]);
    expect(journal.filter((l) => l.startsWith('stop'))).to.deep.equal(['stop c', 'stop b', 'stop a']);
  });

  it('reports a start failure together with the stop failures of its rollback', async () => {
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('a', { stop: () => Promise.reject(new Error('cannot release lock')) })(),
        testPlugin('b', { start: () => Promise.reject(new Error('port in use')) })(),
      ],
    });
    const err = await rejectionOf(kernel.start());
    expect((err as KernelError).problems).to.deep.equal([
      'plugin "b" failed in start: port in use',
      'plugin "a" failed in stop: cannot release lock',
    ]);
  });

  it('fails setup when a plugin does not provide a port it declared', async () => {
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('lazy', {
          setup: (ctx) => {
            ctx.logger.info('forgot to provide');
          },
        })(),
      ].map((p) => ({ ...p, manifest: { ...p.manifest, provides: [PortC] } })),
    });
    const err = await rejectionOf(kernel.start());
    expect((err as KernelError).code).to.equal('PLUGIN_PROVIDE_MISSING');
    expect(err.message).to.equal(
      'plugin "lazy" declares token(test.c) in provides but did not provide it in setup',
    );
  });

  it('refuses a port a plugin did not declare, in get and in provide', async () => {
    const Undeclared = createToken<string>({ id: 'test.undeclared' });
    const getter = createKernel({
      logger,
      plugins: [
        testPlugin('store', { provides: [PortA] })(),
        testPlugin('sneaky', { setup: (ctx) => void ctx.get(PortA) })(),
      ],
    });
    const getErr = await rejectionOf(getter.start());
    expect(getErr.message).to.equal(
      'plugin "sneaky" failed in setup: plugin "sneaky" used token(test.a), which its manifest does not list in requires, optional or late',
    );
    const provider = createKernel({
      logger,
      plugins: [testPlugin('sneaky', { setup: (ctx) => ctx.provide(Undeclared, 'x') })()],
    });
    const provideErr = await rejectionOf(provider.start());
    expect(provideErr.message).to.equal(
      'plugin "sneaky" failed in setup: plugin "sneaky" provided token(test.undeclared), which its manifest does not list in provides',
    );
  });

  it('gives plugins the ports of their providers, typed, and undefined for absent optional ones', async () => {
    let seen: unknown[] = [];
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('store', { provides: [PortA] })(),
        testPlugin('user', {
          requires: [PortA],
          optional: [PortB],
          setup: (ctx) => {
            seen = [ctx.get(PortA), ctx.find(PortB)];
          },
        })(),
      ],
    });
    await kernel.start();
    expect(seen).to.deep.equal([{ from: 'store' }, undefined]);
    expect(kernel.get(PortA)).to.deep.equal({ from: 'store' });
    await kernel.stop();
  });

  it('can be stopped twice and refuses to start again', async () => {
    const kernel = createKernel({ logger, plugins: [testPlugin('a')()] });
    await kernel.start();
    await Promise.all([kernel.stop(), kernel.stop()]);
    await kernel.stop();
    const again = createKernel({ logger, plugins: [] });
    await again.stop();
    const err = await rejectionOf(again.start());
    expect(err.message).to.equal('cannot setup a kernel that is stopped');
  });

  it('collects commands contributed by plugins in setup', async () => {
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('users', {
          setup: (ctx) => ctx.addCommand({ name: 'users list', description: 'List users', run: () => {} }),
        })(),
      ],
    });
    await kernel.setup();
    expect(kernel.commands.map((c) => [c.plugin, c.spec.name])).to.deep.equal([['users', 'users list']]);
    await kernel.stop();
  });
});
