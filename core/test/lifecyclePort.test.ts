import { Lifecycle } from '@mlops/plugin-api';
import { expect } from 'chai';
import { createKernel, KernelError } from '../src/index.js';
import { captureLogger, PortA, rejectionOf, testPlugin } from './fixtures.js';

/** A plugin that records the kernel state it sees at each step and registers lifecycle handlers. */
function watcher(journal: string[], name: string, extra: { failStopping?: boolean } = {}) {
  return testPlugin(name, {
    journal,
    requires: [Lifecycle],
    setup(ctx) {
      const lifecycle = ctx.get(Lifecycle);
      journal.push(`${name} sees ${lifecycle.state} in setup`);
      lifecycle.onStarted(() => {
        journal.push(`${name} started handler (${lifecycle.state})`);
      });
      lifecycle.onStopping(() => {
        journal.push(`${name} stopping handler (${lifecycle.state})`);
        if (extra.failStopping) throw new Error(`${name} could not drain`);
      });
    },
  })();
}

describe('Lifecycle port', () => {
  it('runs started handlers after every plugin started, and stopping handlers before any stops', async () => {
    const journal: string[] = [];
    const { logger } = captureLogger();
    const kernel = createKernel({
      logger,
      plugins: [watcher(journal, 'a'), watcher(journal, 'b'), testPlugin('c', { journal })()],
    });
    await kernel.start();
    expect(kernel.get(Lifecycle).state).to.equal('started');
    await kernel.stop();
    expect(kernel.get(Lifecycle).state).to.equal('stopped');
    expect(journal).to.deep.equal([
      'setup a',
      'a sees settingUp in setup',
      'setup b',
      'b sees settingUp in setup',
      'setup c',
      'start a',
      'start b',
      'start c',
      'a started handler (started)',
      'b started handler (started)',
      'b stopping handler (stopping)',
      'a stopping handler (stopping)',
      'stop c',
      'stop b',
      'stop a',
    ]);
  });

  it('runs a started handler registered after the start on the next tick', async () => {
    const { logger } = captureLogger();
    const kernel = createKernel({ logger, plugins: [] });
    await kernel.start();
    const ran = new Promise<string>((resolve) => kernel.get(Lifecycle).onStarted(() => resolve('ran')));
    expect(await ran).to.equal('ran');
    await kernel.stop();
  });

  it('reports a failing stopping handler from stop, and still stops every plugin', async () => {
    const journal: string[] = [];
    const { logger } = captureLogger();
    const kernel = createKernel({
      logger,
      plugins: [
        watcher(journal, 'a', { failStopping: true }),
        testPlugin('b', { journal, provides: [PortA] })(),
      ],
    });
    await kernel.start();
    const err = await rejectionOf(kernel.stop());
    expect(err).to.be.instanceOf(KernelError);
    expect((err as KernelError).code).to.equal('PLUGIN_STOP_FAILED');
    expect(err.message).to.equal('a lifecycle onStopping handler failed: a could not drain');
    expect(journal.filter((l) => l.startsWith('stop'))).to.deep.equal(['stop b', 'stop a']);
    expect(kernel.state).to.equal('stopped');
  });

  it('logs a failing started handler without failing the start', async () => {
    const { logger, lines } = captureLogger();
    const failing = testPlugin('f', {
      requires: [Lifecycle],
      setup(ctx) {
        ctx.get(Lifecycle).onStarted(() => {
          throw new Error('no luck');
        });
      },
    })();
    const kernel = createKernel({ logger, plugins: [failing] });
    await kernel.start();
    expect(kernel.state).to.equal('started');
    const line = lines.find((l) => l.msg === 'a lifecycle onStarted handler failed');
    expect((line?.err as { message?: string } | undefined)?.message).to.equal('no luck');
    await kernel.stop();
  });
});
