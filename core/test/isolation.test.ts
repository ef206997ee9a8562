import { createToken, defineEvent, inject, injectable, Logger, Metrics } from '@mlops/plugin-api';
import { expect } from 'chai';
import { createKernel } from '../src/index.js';
import { captureLogger, PortA, testPlugin } from './fixtures.js';

const Ping = defineEvent<number>('test.ping');
const RequestId = createToken<string>({ id: 'test.requestId' });

@injectable()
class Greeter {
  constructor(
    @inject(PortA.key) readonly port: { from: string },
    @inject(RequestId.key) readonly requestId: string,
  ) {}
}

describe('kernel isolation and scopes', () => {
  it('shares nothing between two kernels in one process', async () => {
    const { logger } = captureLogger();
    const one = createKernel({ logger, plugins: [testPlugin('store-one', { provides: [PortA] })()] });
    const two = createKernel({ logger, plugins: [] });
    await Promise.all([one.start(), two.start()]);
    expect(one.get(PortA)).to.deep.equal({ from: 'store-one' });
    expect(two.find(PortA)).to.equal(undefined);
    expect(() => two.get(PortA)).to.throw('nothing provides token(test.a)');

    const heard: string[] = [];
    one.hooks.on(Ping, () => void heard.push('one'));
    two.hooks.on(Ping, () => void heard.push('two'));
    two.hooks.emit(Ping, 1);
    expect(heard).to.deep.equal(['two']);
    expect(one.get(Metrics).registry).not.to.equal(two.get(Metrics).registry);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('makes request scopes whose values stay in the request', async () => {
    const { logger } = captureLogger();
    const kernel = createKernel({ logger, plugins: [testPlugin('store', { provides: [PortA] })()] });
    await kernel.start();
    const first = kernel.createScope();
    const second = kernel.createScope();
    first.provide(RequestId, 'req-1');
    second.provide(RequestId, 'req-2');
    expect(first.resolve(Greeter).requestId).to.equal('req-1');
    expect(second.resolve(Greeter).requestId).to.equal('req-2');
    expect(first.resolve(Greeter).port).to.deep.equal({ from: 'store' });
    expect(kernel.find(RequestId)).to.equal(undefined);
    expect(first.createScope().get(RequestId)).to.equal('req-1');
    await kernel.stop();
  });

  it('gives each plugin a child logger with its name and the kernel metrics registry', async () => {
    const { logger, lines } = captureLogger();
    const kernel = createKernel({
      logger,
      plugins: [testPlugin('talker', { setup: (ctx) => ctx.get(Logger).info({ runId: 'r1' }, 'hello') })()],
    });
    await kernel.start();
    const line = lines.find((l) => l.msg === 'hello');
    expect(line).to.include({ plugin: 'talker', runId: 'r1', level: 30 });
    expect(await kernel.metrics.registry.getSingleMetricAsString('mlops_plugins_loaded')).to.contain(
      'mlops_plugins_loaded 1',
    );
    await kernel.stop();
  });

  it('redacts secrets in log lines', () => {
    const { logger, lines } = captureLogger();
    logger.info({ password: 'hunter2', headers: { authorization: 'Bearer abc' } }, 'login');
    expect(lines[0]).to.deep.include({ password: '[redacted]', headers: { authorization: '[redacted]' } });
  });
});
