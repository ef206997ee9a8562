import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlobStore, FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { collectGarbage, purgeDeleted } from '../src/index.js';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

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

interface GcRecord {
  dry_run: boolean | number;
  run_by: string;
  min_age_ms: number | string;
  scanned: number | string;
  orphans: number | string;
  orphan_bytes: number | string;
  deleted: number | string;
  deleted_bytes: number | string;
  started_at: number | string;
  finished_at: number | string;
}

/** The recorded collections, oldest first, as `[dryRun, by, minAgeMs, scanned, orphans, bytes, deleted, deletedBytes]`. */
async function gcRecords(h: TrackingHarness): Promise<unknown[][]> {
  const rows = (await h.db('tracking_gc_runs').orderBy('gc_int')) as GcRecord[];
  for (const r of rows) expect(Number(r.finished_at)).to.be.at.least(Number(r.started_at));
  return rows.map((r) => [
    Boolean(r.dry_run),
    r.run_by,
    Number(r.min_age_ms),
    Number(r.scanned),
    Number(r.orphans),
    Number(r.orphan_bytes),
    Number(r.deleted),
    Number(r.deleted_bytes),
  ]);
}

const ghostRunId = () => randomBytes(16).toString('hex');

describeOnStores('collectGarbage', (target) => {
  describe('orphans of purged and never-created runs', () => {
    let h: TrackingHarness;
    let blobs: BlobStore;
    let split = 0;
    let initialKeys: string[];
    const orphans: { key: string; size: number }[] = [];
    const fresh: string[] = [];
    const ages: number[] = [];
    const minAgeMs = () => {
      ages.push(Date.now() - split);
      return ages.at(-1)!;
    };

    before(async () => {
      h = await target.start();
      blobs = h.kernel.get(BlobStore);
      const e = (await h.tracking.createExperiment({ name: 'gc' }, h.call)).experimentId;
      const doomed = (await h.tracking.createExperiment({ name: 'gc-deleted' }, h.call)).experimentId;
      const root = (experimentId: string, runId: string) =>
        `experiments/${experimentId}/runs/${runId}/artifacts/`;
      const orphan = async (key: string, body: string) => {
        await blobs.put(key, body);
        orphans.push({ key, size: body.length });
      };

      const purged = (await h.tracking.createRun({ experimentId: e }, h.call)).info.runId;
      await h.tracking.logArtifact(purged, 'model.bin', 'purged', h.call);
      await h.tracking.deleteRun(purged, h.call);
      expect((await purgeDeleted(h.tracking, { olderThanMs: 0 }, h.call)).runs).to.have.length(1);
      // What a purge interrupted between its artifact deletion and its commit would leave.
      await orphan(`${root(e, purged)}model.bin`, 'left by a purge');

      const live = (await h.tracking.createRun({ experimentId: e }, h.call)).info.runId;
      await h.tracking.logArtifact(live, 'model/w.bin', 'weights', h.call);
      await h.tracking.logArtifact(live, 'notes.txt', 'hi', h.call);
      const softDeleted = (await h.tracking.createRun({ experimentId: e }, h.call)).info.runId;
      await h.tracking.logArtifact(softDeleted, 'a.txt', 'soft', h.call);
      await h.tracking.deleteRun(softDeleted, h.call);
      const inDeleted = (await h.tracking.createRun({ experimentId: doomed }, h.call)).info.runId;
      await h.tracking.logArtifact(inDeleted, 'a.txt', 'in a deleted experiment', h.call);
      await h.tracking.deleteExperiment(doomed, h.call);

      await orphan(`${root(e, ghostRunId())}x.bin`, 'never committed');
      await orphan(`${root('424242', live)}copy.bin`, 'wrong experiment');
      await orphan(`experiments/${e}/stray.txt`, 'no run');
      await blobs.put('other/keep.bin', 'not tracking');
      await sleep(25);
      split = Date.now();
      await sleep(25);
      fresh.push(`${root(e, ghostRunId())}upload.bin`);
      await blobs.put(fresh[0]!, 'uploading');
      await h.tracking.logArtifact(live, 'late.txt', 'late', h.call);
      orphans.sort((x, y) => (x.key < y.key ? -1 : 1));
      initialKeys = await allKeys(blobs);
    });

    it('keeps objects younger than the default hour, orphans included', async () => {
      expect(await collectGarbage(h.tracking, {}, h.call)).to.deep.equal({
        dryRun: false,
        scanned: 10,
        orphans: [],
        orphanCount: 0,
        bytes: 0,
        deleted: 0,
      });
      expect(await allKeys(blobs)).to.deep.equal(initialKeys);
    });

    it('reports the old orphans in a dry run and deletes nothing', async () => {
      const report = await collectGarbage(h.tracking, { dryRun: true, minAgeMs: minAgeMs() }, h.call);
      expect(report).to.deep.equal({
        dryRun: true,
        scanned: 10,
        orphans,
        orphanCount: 4,
        bytes: orphans.reduce((n, o) => n + o.size, 0),
        deleted: 0,
      });
      expect(await allKeys(blobs)).to.deep.equal(initialKeys);
    });

    it('deletes the same orphans, and keeps live, soft-deleted and fresh objects', async () => {
      const report = await collectGarbage(h.tracking, { minAgeMs: minAgeMs() }, h.call);
      expect(report).to.deep.equal({
        dryRun: false,
        scanned: 10,
        orphans,
        orphanCount: 4,
        bytes: orphans.reduce((n, o) => n + o.size, 0),
        deleted: 4,
      });
      const gone = new Set(orphans.map((o) => o.key));
      expect(await allKeys(blobs)).to.deep.equal(initialKeys.filter((k) => !gone.has(k)));
      expect(await allKeys(blobs)).to.include.members([...fresh, 'other/keep.bin']);
      const again = await collectGarbage(h.tracking, { minAgeMs: 0 }, h.call);
      expect([again.scanned, again.orphans]).to.deep.equal([6, [{ key: fresh[0], size: 9 }]]);
    });

    it('records each collection: when, by whom, dry or not, objects and bytes found and deleted', async () => {
      const bytes = orphans.reduce((n, o) => n + o.size, 0);
      const records = await gcRecords(h);
      expect(records.map((r) => r.slice(0, 2))).to.deep.equal([
        [false, 'system'],
        [true, 'system'],
        [false, 'system'],
        [false, 'system'],
      ]);
      expect(records[0]).to.deep.equal([false, 'system', 3_600_000, 10, 0, 0, 0, 0]);
      expect(records[1]!.slice(2)).to.deep.equal([ages[0], 10, 4, bytes, 0, 0]);
      expect(records[2]!.slice(2)).to.deep.equal([ages[1], 10, 4, bytes, 4, bytes]);
      expect(records[3]!.slice(2)).to.deep.equal([0, 6, 1, 9, 1, 9]);
    });
  });

  describe('paging', () => {
    it('follows the listing page by page, deleting as it goes, and caps the listed orphans', async () => {
      const h = await target.start();
      const blobs = h.kernel.get(BlobStore);
      const { experimentId } = await h.tracking.createExperiment({ name: 'paged' }, h.call);
      const live = (await h.tracking.createRun({ experimentId }, h.call)).info.runId;
      for (const path of ['a.bin', 'b.bin', 'c.bin'])
        await h.tracking.logArtifact(live, path, 'live', h.call);
      const orphanKeys: string[] = [];
      for (const n of [3, 1, 3]) {
        const root = `experiments/${experimentId}/runs/${ghostRunId()}/artifacts/`;
        for (let i = 0; i < n; i += 1) orphanKeys.push(`${root}${i}.bin`);
      }
      for (const key of orphanKeys) await blobs.put(key, 'orphan');
      orphanKeys.sort();
      const liveKeys = (await allKeys(blobs)).filter((k) => !orphanKeys.includes(k));
      expect(liveKeys).to.have.length(3);

      const options = { minAgeMs: 0, pageSize: 2, maxListed: 3 };
      const expected = {
        scanned: 10,
        orphans: orphanKeys.slice(0, 3).map((key) => ({ key, size: 6 })),
        orphanCount: 7,
        bytes: 42,
      };
      const dry = await collectGarbage(h.tracking, { ...options, dryRun: true }, h.call);
      expect(dry).to.deep.equal({ ...expected, dryRun: true, deleted: 0 });
      const report = await collectGarbage(h.tracking, options, h.call);
      expect(report).to.deep.equal({ ...expected, dryRun: false, deleted: 7 });
      expect(await allKeys(blobs)).to.deep.equal(liveKeys);
      expect((await gcRecords(h)).map((r) => r.slice(3))).to.deep.equal([
        [10, 7, 42, 0, 0],
        [10, 7, 42, 7, 42],
      ]);
    });
  });

  describe('the command and its errors', () => {
    let h: TrackingHarness;
    before(async () => {
      h = await target.start();
    });

    it('offers `mlops tracking gc [--dry-run] [--min-age]`, recorded as the OS user', async () => {
      const blobs = h.kernel.get(BlobStore);
      const key = `experiments/0/runs/${ghostRunId()}/artifacts/model.bin`;
      await blobs.put(key, 'abc');
      const command = h.kernel.commands.find((c) => c.spec.name === 'tracking gc');
      expect(command?.plugin).to.equal('@mlops/plugin-tracking');
      const run = async (options: Record<string, unknown>) => {
        const lines: string[] = [];
        await command!.spec.run({ args: [], options, scope: h.kernel, print: (l) => lines.push(l) });
        return lines;
      };
      expect(await run({ dryRun: false })).to.deep.equal([
        'deleted 0 orphaned artifact(s) (0 bytes) of 1 object(s) under experiments/',
      ]);
      expect(await run({ dryRun: true, minAge: '0s' })).to.deep.equal([
        'would delete 1 orphaned artifact(s) (3 bytes) of 1 object(s) under experiments/',
        `  ${key} (3 bytes)`,
      ]);
      expect(await run({ dryRun: false, minAge: '0s' })).to.deep.equal([
        'deleted 1 orphaned artifact(s) (3 bytes) of 1 object(s) under experiments/',
        `  ${key} (3 bytes)`,
      ]);
      expect(await allKeys(blobs)).to.deep.equal([]);
      const records = await gcRecords(h);
      expect(records.map((r) => r.slice(0, 3))).to.deep.equal([
        [false, userInfo().username, 3_600_000],
        [true, userInfo().username, 0],
        [false, userInfo().username, 0],
      ]);
      const bad = await rejection(run({ minAge: 'soon' }));
      expect(bad).to.be.instanceOf(InvalidArgumentError);
      expect(bad.message).to.equal('--min-age must be a duration such as 30d, 12h, 45m or 10s, got "soon"');
    });

    it('refuses bad options, naming them, and records nothing', async () => {
      const recorded = (await gcRecords(h)).length;
      for (const [options, message] of [
        [{ minAgeMs: -1 }, 'minAgeMs must be a non-negative number of milliseconds, got -1'],
        [{ pageSize: 0 }, 'pageSize must be a whole number >= 1, got 0'],
        [{ maxListed: 1.5 }, 'maxListed must be a whole number >= 0, got 1.5'],
      ] as const) {
        const err = await rejection(collectGarbage(h.tracking, options, h.call));
        expect(err).to.be.instanceOf(InvalidArgumentError);
        expect(err.message).to.equal(message);
        expect(err.details).to.include({ field: Object.keys(options)[0] });
      }
      expect(await gcRecords(h)).to.have.length(recorded);
    });

    it('needs a BlobStore', async () => {
      const bare = await target.start({ blobs: false });
      const err = await rejection(collectGarbage(bare.tracking, {}, bare.call));
      expect(err).to.be.instanceOf(FailedPreconditionError);
      expect(err.message).to.equal(
        'run artifacts need a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
      );
      expect(await gcRecords(bare)).to.deep.equal([]);
    });
  });
});
