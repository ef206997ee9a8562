import { readFile, rm } from 'node:fs/promises';
import { FailedPreconditionError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { buildBento } from '../src/index.js';
import { writeFakeBentoml } from './modelFixtures.js';

describe('buildBento', () => {
  const cleanup: string[] = [];
  afterEach(async () => {
    for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('says what to install when the bentoml CLI is not on PATH', async () => {
    const err = await rejectionOf(
      buildBento('/tmp/project', { env: { PATH: '/nonexistent-bin:/usr/bin/missing' } }),
    );
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      'the BentoML CLI "bentoml" is not on PATH, so the Bento cannot be built: install BentoML with "pip install bentoml" (Python 3.9 or later), or deploy a Bento built elsewhere (options.cloud.bento)',
    );
    expect((err as FailedPreconditionError).details.reason).to.equal('bentoml_missing');
  });

  it('runs `bentoml build -o tag` found on PATH and reads the tag it prints', async () => {
    const fake = await writeFakeBentoml('churn-model:kq3hv6rcsgbxyaav');
    cleanup.push(fake.dir);
    const built = await buildBento(fake.dir, {
      name: 'churn-model',
      push: true,
      env: {
        PATH: `/nonexistent-bin:${fake.dir}`,
        BENTO_CLOUD_API_KEY: 'k1',
        BENTO_CLOUD_API_ENDPOINT: 'http://e',
      },
    });
    expect(built).to.deep.equal({
      tag: 'churn-model:kq3hv6rcsgbxyaav',
      name: 'churn-model',
      version: 'kq3hv6rcsgbxyaav',
    });
    expect(await readFile(`${fake.dir}/args.txt`, 'utf8')).to.equal(
      `build\n${fake.dir}\n-o\ntag\n--name\nchurn-model\n--push\nkey=k1 endpoint=http://e\n`,
    );
  });

  it('reports a failed build with the end of its output', async () => {
    const fake = await writeFakeBentoml('unused:1', 1);
    cleanup.push(fake.dir);
    const err = await rejectionOf(buildBento(fake.dir, { command: fake.command }));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      `bentoml build of ${fake.dir} failed (exit code 1): Error: [bentoml-cli] \`build\` failed: Failed to import module "service": No module named onnxruntime`,
    );
  });
});
