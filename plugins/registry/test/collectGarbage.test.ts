import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlobStore, Database, FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { collectGarbage } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import {
  type Backend,
  describeOnBackends,
  type RegistryKernel,
  startRegistry,
  userCall,
} from './registryKernel.js';

const alice = userCall('alice');
const ghostModel = '00000000-0000-0000-0000-000000000000';

/** Every key in the store, in order. */
async function allKeys(blobs: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await blobs.list(pageToken === undefined ? {} : { pageToken });
    keys.push(...page.items.map((i) => i.key));
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return keys;
}

interface GcRow {
  readonly dry_run: boolean | number;
  readonly principal: string;
  readonly request_id: string;
  readonly min_age_ms: number | string;
  readonly scanned: number | string;
  readonly orphans: number | string;
  readonly orphan_bytes: number | string;
  readonly deleted: number | string;
  readonly deleted_bytes: number | string;
  readonly started_at: number | string;
  readonly finished_at: number | string;
}

/** The recorded collections, oldest first, as `[dryRun, principal, minAgeMs, scanned, orphans, bytes, deleted, deletedBytes]`. */
async function gcRecords(db: Knex): Promise<unknown[][]> {
  const rows = (await db('registry_gc_runs').orderBy('id')) as GcRow[];
  for (const r of rows) expect(Number(r.finished_at)).to.be.at.least(Number(r.started_at));
  return rows.map((r) => [
    Boolean(r.dry_run),
    r.principal,
    Number(r.min_age_ms),
    Number(r.scanned),
    Number(r.orphans),
    Number(r.orphan_bytes),
    Number(r.deleted),
    Number(r.deleted_bytes),
  ]);
}

/** A registry on `backend` with storage-fs in a temp dir, and a handle on the registry's tables. */
function withRegistry(backend: Backend) {
  const state = {} as { k: RegistryKernel; blobs: BlobStore; db: Knex };
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'registry-gc-'));
    state.k = await startRegistry(backend, { before: [storageFsPlugin({ root, fsync: false })] });
    state.blobs = state.k.kernel.get(BlobStore);
    state.db = await state.k.kernel.get(Database).forPlugin('@mlops/plugin-registry', migrations);
  });
  after(async () => {
    await state.k.kernel.stop();
    await rm(root, { recursive: true, force: true });
  });
  return state;
}

describeOnBackends('collectGarbage', (backend) => {
  describe('orphans of purged and never-created versions', () => {
    const s = withRegistry(backend);
    const orphans: { key: string; size: number }[] = [];
    let initialKeys: string[] = [];
    let fresh = '';
    let split = 0;
    const ages: number[] = [];
    const minAgeMs = () => {
      ages.push(Date.now() - split);
      return ages.at(-1)!;
    };
    const orphanBytes = () => orphans.reduce((n, o) => n + o.size, 0);

    before(async () => {
      const { registry } = s.k;
      const orphan = async (key: string, body: string) => {
        await s.blobs.put(key, body);
        orphans.push({ key, size: body.length });
      };
      const gone = await registry.createVersion({ model: 'gone', source: 's' }, alice);
      await registry.deleteVersion(gone.ref, alice);
      const dropped = await registry.createVersion({ model: 'dropped', source: 's' }, alice);
      await registry.deleteModel('dropped', alice);
      const purged = await registry.purge({ retentionDays: 0 }, alice);
      expect([purged.models, purged.versions]).to.deep.equal([['dropped'], [gone.ref]]);
      // What purges interrupted between their commit and the objects' deletion would leave.
      await orphan(`${gone.artifactPrefix}model.onnx`, 'purged version');
      await orphan(`${dropped.artifactPrefix}model-card.md`, 'purged model');

      const live = await registry.createVersion({ model: 'churn', source: 's' }, alice);
      await registry.modelCard(live.ref, alice);
      await s.blobs.put(`${live.artifactPrefix}model.onnx`, 'live');
      const softDeleted = await registry.createVersion({ model: 'churn', source: 's' }, alice);
      await s.blobs.put(`${softDeleted.artifactPrefix}model.onnx`, 'soft-deleted version');
      await registry.deleteVersion(softDeleted.ref, alice);
      const inDeleted = await registry.createVersion({ model: 'fraud', source: 's' }, alice);
      await s.blobs.put(`${inDeleted.artifactPrefix}model.onnx`, 'soft-deleted model');
      await registry.deleteModel('fraud', alice);

      await orphan(`registry/${ghostModel}/1/model.onnx`, 'unknown model');
      await orphan(live.artifactPrefix.replace(/1\/$/, '99/x.bin'), 'unknown version');
      await orphan('registry/stray.txt', 'no version');
      await s.blobs.put('runs/abc/model.onnx', 'tracking owns this');
      await sleep(25);
      split = Date.now();
      await sleep(25);
      fresh = `registry/${ghostModel}/2/upload.bin`;
      await s.blobs.put(fresh, 'uploading');
      await s.blobs.put(`${live.artifactPrefix}late.bin`, 'late');
      orphans.sort((x, y) => (x.key < y.key ? -1 : 1));
      initialKeys = await allKeys(s.blobs);
    });

    it('keeps objects younger than the default hour, orphans included', async () => {
      expect(await collectGarbage(s.k.registry, {}, alice)).to.deep.equal({
        dryRun: false,
        scanned: 11,
        orphans: [],
        orphanCount: 0,
        bytes: 0,
        deleted: 0,
      });
      expect(await allKeys(s.blobs)).to.deep.equal(initialKeys);
    });

    it('reports the old orphans in a dry run and deletes nothing', async () => {
      const report = await collectGarbage(s.k.registry, { dryRun: true, minAgeMs: minAgeMs() }, alice);
      expect(report).to.deep.equal({
        dryRun: true,
        scanned: 11,
        orphans,
        orphanCount: 5,
        bytes: orphanBytes(),
        deleted: 0,
      });
      expect(await allKeys(s.blobs)).to.deep.equal(initialKeys);
    });

    it('deletes the same orphans, and keeps live, soft-deleted and fresh objects', async () => {
      const report = await collectGarbage(s.k.registry, { minAgeMs: minAgeMs() }, userCall('ops'));
      expect(report).to.deep.equal({
        dryRun: false,
        scanned: 11,
        orphans,
        orphanCount: 5,
        bytes: orphanBytes(),
        deleted: 5,
      });
      const gone = new Set(orphans.map((o) => o.key));
      const left = await allKeys(s.blobs);
      expect(left).to.deep.equal(initialKeys.filter((k) => !gone.has(k)));
      expect(left).to.include.members([fresh, 'runs/abc/model.onnx']);
      expect((await s.k.registry.restoreModel('fraud', alice)).name).to.equal('fraud');
      const again = await collectGarbage(s.k.registry, { minAgeMs: 0 }, userCall('ops'));
      expect([again.scanned, again.orphans, again.deleted]).to.deep.equal([6, [{ key: fresh, size: 9 }], 1]);
    });

    it('records each collection: when, by whom, dry or not, objects and bytes found and deleted', async () => {
      const bytes = orphanBytes();
      expect(await gcRecords(s.db)).to.deep.equal([
        [false, 'alice', 3_600_000, 11, 0, 0, 0, 0],
        [true, 'alice', ages[0], 11, 5, bytes, 0, 0],
        [false, 'ops', ages[1], 11, 5, bytes, 5, bytes],
        [false, 'ops', 0, 6, 1, 9, 1, 9],
      ]);
    });
  });

  describe('paging', () => {
    const s = withRegistry(backend);

    it('follows the listing page by page, deleting as it goes, and caps the listed orphans', async () => {
      const live = await s.k.registry.createVersion({ model: 'churn', source: 's' }, alice);
      for (const name of ['a.bin', 'b.bin', 'c.bin'])
        await s.blobs.put(`${live.artifactPrefix}${name}`, 'live');
      const orphanKeys = [
        `registry/${ghostModel}/1/a.bin`,
        `registry/${ghostModel}/1/b.bin`,
        `registry/${ghostModel}/7/a.bin`,
        live.artifactPrefix.replace(/1\/$/, '2/a.bin'),
        live.artifactPrefix.replace(/1\/$/, '2/b.bin'),
        'registry/zz/not-a-version/a.bin',
        'registry/zz/0/a.bin',
      ].sort();
      for (const key of orphanKeys) await s.blobs.put(key, 'orphan');
      const liveKeys = (await allKeys(s.blobs)).filter((k) => !orphanKeys.includes(k));
      expect(liveKeys).to.have.length(3);
      const options = { minAgeMs: 0, pageSize: 2, maxListed: 2 };
      const expected = {
        scanned: 10,
        orphans: orphanKeys.slice(0, 2).map((key) => ({ key, size: 6 })),
        orphanCount: 7,
        bytes: 42,
      };
      const dry = await collectGarbage(s.k.registry, { ...options, dryRun: true }, alice);
      expect(dry).to.deep.equal({ ...expected, dryRun: true, deleted: 0 });
      const report = await collectGarbage(s.k.registry, options, alice);
      expect(report).to.deep.equal({ ...expected, dryRun: false, deleted: 7 });
      expect(await allKeys(s.blobs)).to.deep.equal(liveKeys);
      expect((await gcRecords(s.db)).map((r) => r.slice(3))).to.deep.equal([
        [10, 7, 42, 0, 0],
        [10, 7, 42, 7, 42],
      ]);
    });
  });

  describe('the command and its errors', () => {
    const s = withRegistry(backend);

    it('offers `mlops registry gc [--dry-run] [--min-age]`, run as the system principal', async () => {
      const key = `registry/${ghostModel}/1/model.onnx`;
      await s.blobs.put(key, 'abc');
      const command = s.k.kernel.commands.find((c) => c.spec.name === 'registry gc');
      expect(command?.plugin).to.equal('@mlops/plugin-registry');
      const run = async (options: Record<string, unknown>) => {
        const lines: string[] = [];
        await command!.spec.run({ args: [], options, scope: s.k.kernel, print: (l) => lines.push(l) });
        return lines;
      };
      expect(await run({ dryRun: false })).to.deep.equal([
        '0 orphaned artifacts (0 bytes) of 1 objects under registry/',
      ]);
      expect(await run({ dryRun: true, minAge: '0s' })).to.deep.equal([
        `would delete artifact ${key} (3 bytes)`,
        '1 orphaned artifacts (3 bytes) of 1 objects under registry/',
      ]);
      expect(await run({ dryRun: false, minAge: '0s' })).to.deep.equal([
        `deleted artifact ${key} (3 bytes)`,
        '1 orphaned artifacts (3 bytes) of 1 objects under registry/',
      ]);
      expect(await allKeys(s.blobs)).to.deep.equal([]);
      const rows = (await s.db('registry_gc_runs').orderBy('id')) as GcRow[];
      expect(rows.map((r) => [r.principal, r.request_id, Number(r.min_age_ms)])).to.deep.equal([
        ['system', 'cli:registry-gc', 3_600_000],
        ['system', 'cli:registry-gc', 0],
        ['system', 'cli:registry-gc', 0],
      ]);
      const bad = await rejectionOf(run({ minAge: 'soon' }), 'a bad --min-age');
      expect(bad).to.be.instanceOf(InvalidArgumentError);
      expect((bad as Error).message).to.equal(
        '--min-age must be a duration such as 30d, 12h, 45m or 10s, got "soon"',
      );
    });

    it('refuses bad options, naming them, and records nothing', async () => {
      const recorded = (await gcRecords(s.db)).length;
      for (const [options, message] of [
        [{ minAgeMs: -1 }, 'minAgeMs must be a non-negative number of milliseconds, got -1'],
        [{ pageSize: 0 }, 'pageSize must be a whole number >= 1, got 0'],
        [{ maxListed: 1.5 }, 'maxListed must be a whole number >= 0, got 1.5'],
      ] as const) {
        const err = await rejectionOf(collectGarbage(s.k.registry, options, alice), message);
        expect(err).to.be.instanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).message).to.equal(message);
        expect((err as InvalidArgumentError).details.field).to.equal(Object.keys(options)[0]);
      }
      expect(await gcRecords(s.db)).to.have.length(recorded);
    });

    it('needs a BlobStore', async () => {
      const bare = await startRegistry(backend);
      try {
        const err = await rejectionOf(collectGarbage(bare.registry, {}, alice), 'gc without a BlobStore');
        expect(err).to.be.instanceOf(FailedPreconditionError);
        expect((err as Error).message).to.equal(
          'garbage collection of registry objects needs a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
        );
      } finally {
        await bare.kernel.stop();
      }
    });
  });
});
