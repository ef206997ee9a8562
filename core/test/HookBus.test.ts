import {
  amend,
  defineEvent,
  defineInterceptor,
  FailedPreconditionError,
  InternalError,
  pass,
  VetoedError,
  veto,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { createKernel } from '../src/index.js';
import { captureLogger, rejectionOf, testPlugin } from './fixtures.js';

const Trained = defineEvent<{ model: string }>('model.trained');
const BeforeDeploy = defineInterceptor<{ model: string; replicas: number }>('model.beforeDeploy');

describe('hook bus', () => {
  it('isolates a throwing or rejecting listener: the others run, the emitter never sees it, the log names the plugin', async () => {
    const { logger, lines } = captureLogger();
    const heard: string[] = [];
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('broken-sync', {
          setup: (ctx) => {
            ctx.hooks.on(Trained, () => {
              throw new Error('listener exploded');
            });
          },
        })(),
        testPlugin('broken-async', {
          setup: (ctx) => {
            ctx.hooks.on(Trained, async () => {
              throw new Error('listener rejected');
            });
          },
        })(),
        testPlugin('healthy', {
          setup: (ctx) => void ctx.hooks.on(Trained, (p) => void heard.push(p.model)),
        })(),
      ],
    });
    await kernel.start();
    expect(() => kernel.hooks.emit(Trained, { model: 'churn' })).not.to.throw();
    await new Promise((r) => setImmediate(r));
    expect(heard).to.deep.equal(['churn']);
    const errors = lines.filter((l) => l.level === 50);
    expect(errors.map((l) => l.msg)).to.deep.equal([
      'listener of "model.trained" in "broken-sync" failed',
      'listener of "model.trained" in "broken-async" failed',
    ]);
    expect((errors[0]!.err as { message: string }).message).to.equal('listener exploded');
    expect(errors[1]!.plugin).to.equal('broken-async');
    await kernel.stop();
  });

  it('stops calling a listener once it is removed', async () => {
    const { logger } = captureLogger();
    const kernel = createKernel({ logger, plugins: [] });
    let count = 0;
    const off = kernel.hooks.on(Trained, () => void count++);
    kernel.hooks.emit(Trained, { model: 'a' });
    off();
    kernel.hooks.emit(Trained, { model: 'b' });
    expect(count).to.equal(1);
  });

  it('runs interceptors in plugin order, each seeing the amendments of the one before', async () => {
    const { logger } = captureLogger();
    const seen: string[] = [];
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('first', {
          setup: (ctx) =>
            void ctx.hooks.intercept(BeforeDeploy, (p) => {
              seen.push(`first saw ${p.replicas}`);
              return amend({ ...p, replicas: p.replicas * 2 });
            }),
        })(),
        testPlugin('second', {
          setup: (ctx) =>
            void ctx.hooks.intercept(BeforeDeploy, async (p) => {
              seen.push(`second saw ${p.replicas}`);
              return pass();
            }),
        })(),
        testPlugin('third', {
          setup: (ctx) =>
            void ctx.hooks.intercept(BeforeDeploy, (p) => {
              seen.push(`third saw ${p.replicas}`);
              return amend({ ...p, replicas: p.replicas + 1 });
            }),
        })(),
      ],
    });
    await kernel.start();
    const result = await kernel.hooks.run(BeforeDeploy, { model: 'churn', replicas: 2 });
    expect(result).to.deep.equal({ model: 'churn', replicas: 5 });
    expect(seen).to.deep.equal(['first saw 2', 'second saw 4', 'third saw 4']);
    await kernel.stop();
  });

  it('gives the caller a typed VetoedError naming the hook, the plugin and its reason; later interceptors do not run', async () => {
    const { logger } = captureLogger();
    let laterRan = false;
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('quality-gate', {
          setup: (ctx) =>
            void ctx.hooks.intercept(BeforeDeploy, (p) =>
              p.replicas > 3 ? veto('too many replicas') : undefined,
            ),
        })(),
        testPlugin('later', {
          setup: (ctx) =>
            void ctx.hooks.intercept(BeforeDeploy, () => {
              laterRan = true;
              return undefined;
            }),
        })(),
      ],
    });
    await kernel.start();
    expect(await kernel.hooks.run(BeforeDeploy, { model: 'm', replicas: 1 })).to.deep.equal({
      model: 'm',
      replicas: 1,
    });
    laterRan = false;
    const err = await rejectionOf(kernel.hooks.run(BeforeDeploy, { model: 'm', replicas: 9 }));
    expect(err).to.be.instanceOf(VetoedError).and.instanceOf(FailedPreconditionError);
    expect(err.message).to.equal('model.beforeDeploy vetoed by "quality-gate": too many replicas');
    expect((err as VetoedError).by).to.equal('quality-gate');
    expect((err as VetoedError).reason).to.equal('too many replicas');
    expect(laterRan).to.equal(false);
    await kernel.stop();
  });

  it('fails closed when an interceptor throws, naming it', async () => {
    const { logger } = captureLogger();
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('flaky', {
          setup: (ctx) =>
            void ctx.hooks.intercept(BeforeDeploy, () => {
              throw new TypeError('cannot read approvals');
            }),
        })(),
      ],
    });
    await kernel.start();
    const err = await rejectionOf(kernel.hooks.run(BeforeDeploy, { model: 'm', replicas: 1 }));
    expect(err).to.be.instanceOf(InternalError);
    expect(err.message).to.equal(
      'interceptor of "model.beforeDeploy" in "flaky" failed: cannot read approvals',
    );
    await kernel.stop();
  });

  it('runs interceptors added by the embedding app after those of plugins', async () => {
    const { logger } = captureLogger();
    const order: string[] = [];
    const kernel = createKernel({
      logger,
      plugins: [
        testPlugin('plugin', {
          start: () => {},
          setup: (ctx) => void ctx.hooks.intercept(BeforeDeploy, () => void order.push('plugin')),
        })(),
      ],
    });
    kernel.hooks.intercept(BeforeDeploy, () => void order.push('app'));
    await kernel.start();
    await kernel.hooks.run(BeforeDeploy, { model: 'm', replicas: 1 });
    expect(order).to.deep.equal(['plugin', 'app']);
    await kernel.stop();
  });
});
