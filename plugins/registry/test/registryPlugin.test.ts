import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, KernelError } from '@mlops/core';
import { Registry } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { expect } from 'chai';
import { metricGatePlugin, registryPlugin } from '../src/index.js';
import { userCall } from './registryKernel.js';

const alice = userCall('alice');

describe('registryPlugin', () => {
  it('has the version of its package.json, as does the metric gate', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(registryPlugin.manifest.version).to.equal(pkg.version);
    expect(metricGatePlugin.manifest.version).to.equal(pkg.version);
  });

  it('refuses unknown options and a negative retention, naming them', () => {
    let err: unknown;
    try {
      createKernel({
        plugins: [
          storeSqlPlugin({ url: 'sqlite::memory:' }),
          registryPlugin({ retentionDays: -1, retention: 3 } as unknown as { retentionDays: number }),
        ],
      });
    } catch (caught) {
      err = caught;
    }
    expect(err).to.be.instanceOf(KernelError);
    expect((err as KernelError).code).to.equal('PLUGIN_BAD_OPTIONS');
    expect((err as KernelError).problems).to.have.members([
      'plugin "@mlops/plugin-registry": /retention is not a known option',
      'plugin "@mlops/plugin-registry": /retentionDays must be >= 0',
    ]);
  });

  it('keeps its data in an SQLite file across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-file-'));
    const url = `sqlite:${join(dir, 'mlops.db')}`;
    try {
      const first = await createTestKernel({ plugins: [storeSqlPlugin({ url }), registryPlugin()] });
      await first.get(Registry).createVersion({ model: 'churn', source: 's' }, alice);
      await first.stop();
      const second = await createTestKernel({ plugins: [storeSqlPlugin({ url }), registryPlugin()] });
      const v2 = await second.get(Registry).createVersion({ model: 'churn', source: 's' }, alice);
      expect(v2.version).to.equal(2);
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('adds `mlops registry purge`, which prints what it removed', async () => {
    const kernel = await createTestKernel({
      plugins: [storeSqlPlugin({ url: 'sqlite::memory:' }), registryPlugin({ retentionDays: 0 })],
    });
    try {
      const registry = kernel.get(Registry);
      await registry.createVersion({ model: 'churn', source: 's' }, alice);
      await registry.deleteVersion({ model: 'churn', version: 1 }, alice);
      const command = kernel.commands.find((c) => c.spec.name === 'registry purge');
      expect(command?.plugin).to.equal('@mlops/plugin-registry');
      const lines: string[] = [];
      const run = (options: Record<string, unknown>) =>
        command!.spec.run({ args: [], options, scope: kernel, print: (line) => void lines.push(line) });
      await run({ dryRun: true });
      await run({ retentionDays: '0' });
      expect(lines).to.deep.equal([
        'would purge version churn/1',
        '0 models, 1 versions, 0 artifacts',
        'purged version churn/1',
        '0 models, 1 versions, 0 artifacts',
      ]);
      const [record] = (await registry.purgeRecords({}, alice)).items;
      expect(record!.principal).to.equal('system');
    } finally {
      await kernel.stop();
    }
  });
});
