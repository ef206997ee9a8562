import { createClient } from '@mlops/client';
import { expect } from 'chai';
import { type CliResult, mlops, type RemoteServer, shownTime, startRemoteServer } from './remoteServer.js';

interface VersionJson {
  name: string;
  version: number;
  stage: string;
  aliases: string[];
  creation_timestamp: number;
  last_updated_timestamp: number;
  run_id?: string;
}

interface ModelJson {
  name: string;
  aliases: Record<string, number>;
  creation_timestamp: number;
  last_updated_timestamp: number;
  latest_versions: VersionJson[];
}

describe('mlops models and versions (against a server)', () => {
  let server: RemoteServer;
  const run = (...args: string[]): Promise<CliResult> =>
    mlops([...args, '--server', server.url], { cwd: server.dir });
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await run(...args, '--json');
    expect(r.code).to.equal(0, r.err.join('\n'));
    return JSON.parse(r.out.join('\n')) as T;
  };

  beforeEach(async () => {
    server = await startRemoteServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('creates a model and versions, transitions a version, and points aliases', async () => {
    const runId = (await createClient({ baseUrl: server.url }).runs.create({ experiment_id: '0' })).run_id;
    expect(
      await run('models', 'create', 'churn', '--description', 'who leaves', '--tag', 'team=ml'),
    ).to.deep.include({
      code: 0,
      out: ['created model "churn"'],
      err: [],
    });
    const v1 = await run(
      'versions',
      'create',
      'churn',
      '--source',
      `runs:/${runId}/model`,
      '--run-id',
      runId,
    );
    expect(v1).to.deep.include({ code: 0, out: ['created version 1 of model "churn"'], err: [] });
    const v2 = await json<VersionJson>('versions', 'create', 'churn', '--source', 's3://models/churn/2');
    expect(v2).to.include({ name: 'churn', version: 2, stage: 'None' });

    const moved = await run('versions', 'transition', 'churn', '1', 'Production', '--reason', 'better AUC');
    expect(moved).to.deep.include({
      code: 0,
      out: ['version 1 of model "churn" is now in stage Production'],
    });
    const aliased = await run('versions', 'alias', 'churn', 'champion', '1');
    expect(aliased.out).to.deep.equal(['alias "champion" of model "churn" now points to version 1']);
    expect((await run('versions', 'alias', 'churn', 'challenger', '2')).code).to.equal(0);

    const versions = await json<{ versions: VersionJson[] }>('versions', 'list', 'churn');
    const created = (n: number) =>
      shownTime(versions.versions.find((v) => v.version === n)!.creation_timestamp);
    const list = await run('versions', 'list', 'churn', '--order-by', 'version_number ASC');
    expect(list.out).to.deep.equal([
      'VERSION  STAGE       STATUS  ALIASES     RUN ID                            CREATED',
      `1        Production  READY   champion    ${runId}  ${created(1)}`,
      `2        None        READY   challenger  -${' '.repeat(31)}  ${created(2)}`,
    ]);

    const byAlias = await json<VersionJson>('versions', 'get', 'churn', '@champion');
    expect(byAlias).to.include({ version: 1, stage: 'Production' });
    const shown = await run('versions', 'get', 'churn', 'challenger');
    expect(shown.out.slice(0, 7)).to.deep.equal([
      'name:             churn',
      'version:          2',
      'stage:            None',
      'status:           READY',
      'aliases:          challenger',
      'source:           s3://models/churn/2',
      'run_id:           -',
    ]);

    const model = await json<ModelJson>('models', 'get', 'churn');
    expect(model.aliases).to.deep.equal({ champion: 1, challenger: 2 });
    const models = await run('models', 'list');
    expect(models.out).to.deep.equal([
      'NAME   LATEST  ALIASES                   UPDATED',
      `churn  2       challenger=2, champion=1  ${shownTime(model.last_updated_timestamp)}`,
    ]);
    const described = await run('models', 'get', 'churn');
    expect(described.out).to.deep.equal([
      'name:             churn',
      'description:      who leaves',
      'user_id:          anonymous',
      'lifecycle_stage:  active',
      `created:          ${shownTime(model.creation_timestamp)}`,
      `last_updated:     ${shownTime(model.last_updated_timestamp)}`,
      'tags:             team=ml',
      'aliases:          challenger=2',
      '                  champion=1',
      ...model.latest_versions.map(
        (v, i) => `${i === 0 ? 'latest_versions:' : '                '}  ${v.stage}=${v.version}`,
      ),
    ]);
    expect(model.latest_versions.map((v) => `${v.stage}=${v.version}`).sort()).to.deep.equal([
      'None=2',
      'Production=1',
    ]);

    expect((await run('versions', 'unalias', 'churn', 'challenger')).out).to.deep.equal([
      'removed alias "challenger" of model "churn"',
    ]);
    expect((await run('versions', 'delete', 'churn', '2')).out).to.deep.equal([
      'deleted version 2 of model "churn"',
    ]);
    const after = await json<{ versions: VersionJson[] }>('versions', 'list', 'churn');
    expect(after.versions.map((v) => [v.version, v.aliases])).to.deep.equal([[1, ['champion']]]);
    expect((await run('models', 'delete', 'churn')).out).to.deep.equal(['deleted model "churn"']);
    expect((await run('models', 'list')).out).to.deep.equal(['no models found']);
  });

  it('exits 4 for a taken name, 3 for an unknown model, version or alias, and 2 for a bad stage or version', async () => {
    expect((await run('models', 'create', 'churn')).code).to.equal(0);
    expect(await run('models', 'create', 'churn')).to.deep.include({
      code: 4,
      err: ['error: registered model "churn" already exists'],
    });
    expect(await run('models', 'get', 'nope')).to.deep.include({ code: 3, out: [] });
    expect(await run('versions', 'get', 'churn', '7')).to.deep.include({
      code: 3,
      err: ['error: model version churn/7 does not exist'],
    });
    expect(await run('versions', 'get', 'churn', '@gone')).to.deep.include({
      code: 3,
      err: ['error: registered model "churn" has no alias "gone"'],
    });
    expect(await run('versions', 'transition', 'churn', '1', 'Production')).to.deep.include({
      code: 3,
      err: ['error: model version churn/1 does not exist'],
    });
    expect((await run('versions', 'create', 'churn', '--source', 's3://m/1')).code).to.equal(0);
    expect(await run('versions', 'transition', 'churn', '1', 'Prod')).to.deep.include({
      code: 2,
      err: ['error: stage "Prod" is not one of None, Staging, Production, Archived'],
    });
    expect(await run('versions', 'delete', 'churn', 'one')).to.deep.include({
      code: 2,
      err: [
        "error: command-argument value 'one' is invalid for argument 'version'. expected a positive integer.",
      ],
    });
    expect((await json<VersionJson>('versions', 'get', 'churn', '1')).stage).to.equal('None');
  });
});
