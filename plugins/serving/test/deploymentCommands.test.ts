import { InvalidArgumentError } from '@mlops/plugin-api';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { registerOnnxModel, type ServingServer, startServingServer } from './servingServer.js';

describe('mlops deployments commands', () => {
  let server: ServingServer;
  before(async () => {
    server = await startServingServer();
    await registerOnnxModel(server, 'churn', logisticRegressionModel([1, 1], 0));
    await registerOnnxModel(server, 'churn', logisticRegressionModel([2, 2], 0));
    await server.registry.setAlias({ model: 'churn', version: 2 }, 'champion', {}, server.call);
  });
  after(async () => server.stop());

  async function run(name: string, args: string[], options: Record<string, unknown> = {}): Promise<string[]> {
    const command = server.kernel.commands.find((c) => c.spec.name === `deployments ${name}`);
    if (command === undefined) throw new Error(`no command deployments ${name}`);
    const lines: string[] = [];
    await command.spec.run({ args, options, scope: server.kernel, print: (line) => lines.push(line) });
    return lines;
  }

  it('creates, lists, shows, rolls back and deletes through the CLI', async () => {
    expect(await run('list', [])).to.deep.equal(['no deployments']);
    expect(
      await run('create', ['churn-api'], { model: 'churn', alias: 'champion', environment: 'staging' }),
    ).to.deep.equal(['churn-api\tstaging\tchurn/2 (follows @champion)\tonnx\trevision 1\tready']);
    await run('create', ['pinned'], { model: 'churn', version: '1' });
    expect(await run('list', [], { environment: 'dev' })).to.deep.equal([
      'pinned\tdev\tchurn/1 (pinned)\tonnx\trevision 1\tready',
    ]);
    await server.serving.updateDeployment('churn-api', { version: 1 }, server.call);
    expect(await run('rollback', ['churn-api'])).to.deep.equal([
      'churn-api\tstaging\tchurn/2 (follows @champion)\tonnx\trevision 3\tready',
    ]);
    const revisions = await run('revisions', ['churn-api']);
    expect(revisions.map((line) => line.split('\t').filter((_, i) => i !== 4))).to.deep.equal([
      ['1', 'churn/2', 'staging', 'onnx', 'system', 'created'],
      ['2', 'churn/1', 'staging', 'onnx', 'system', 'updated'],
      ['3', 'churn/2', 'staging', 'onnx', 'system', 'rollback to revision 1'],
    ]);
    expect(await run('delete', ['pinned'])).to.deep.equal(['deleted pinned']);
    expect(await run('show', ['churn-api'])).to.deep.equal([
      'churn-api\tstaging\tchurn/2 (follows @champion)\tonnx\trevision 3\tready',
    ]);
    const err = await run('create', ['x'], { model: 'churn', version: 'two' }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal('--version must be a positive integer, not "two"');
  });
});
