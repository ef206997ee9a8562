import { expect } from 'chai';
import { definePlugin, isMlopsError, systemCall } from '../../src/index.js';
import { createTestKernel } from '../../src/testing/index.js';

const greeter = definePlugin<{ greeting: string }>({
  name: 'greeter',
  version: '1.0.0',
  apiVersion: '^0.1.0',
  configSchema: { type: 'object', properties: { greeting: { type: 'string', default: 'hi' } } },
  setup(ctx) {
    ctx.logger.debug('setting up');
    ctx.logger.info({ greeting: ctx.options.greeting }, `said ${ctx.options.greeting}`);
  },
});

const broken = definePlugin({
  name: 'broken',
  version: '1.0.0',
  apiVersion: '^0.1.0',
  setup() {
    throw new Error('no disk');
  },
});

describe('createTestKernel', () => {
  it('starts a real kernel, captures its log lines parsed, and gives a system call context', async () => {
    const kernel = await createTestKernel({ plugins: [greeter({ greeting: 'hello' })] });
    expect(kernel.state).to.equal('started');
    expect(kernel.call).to.deep.equal(systemCall());
    expect(kernel.logs.map(({ level, msg, plugin }) => ({ level, msg, plugin }))).to.deep.equal([
      { level: 30, msg: 'said hello', plugin: 'greeter' },
      { level: 30, msg: 'kernel started 1 plugins', plugin: undefined },
    ]);
    expect(kernel.logs[0]?.greeting).to.equal('hello');
    await kernel.stop();
    expect(kernel.state).to.equal('stopped');
    expect(kernel.logs.at(-1)?.msg).to.equal('kernel stopped');
  });

  it('captures lines down to logLevel', async () => {
    const kernel = await createTestKernel({ plugins: [greeter()], logLevel: 'debug' });
    try {
      expect(
        kernel.logs.filter((line) => line.plugin === 'greeter').map((line) => [line.level, line.msg]),
      ).to.deep.equal([
        [20, 'setting up'],
        [30, 'said hi'],
      ]);
    } finally {
      await kernel.stop();
    }
  });

  it("rejects with the kernel's error when a plugin fails in setup", async () => {
    const err = await createTestKernel({ plugins: [broken()] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMlopsError(err)).to.equal(true);
    expect((err as { code?: string }).code).to.equal('PLUGIN_SETUP_FAILED');
    expect((err as Error).message).to.equal('plugin "broken" failed in setup: no disk');
  });
});
