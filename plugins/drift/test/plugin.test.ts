import { readFileSync } from 'node:fs';
import {
  BlobStore,
  DriftDetected,
  type DriftDetectedPayload,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { Adwin, DriftService, driftPlugin, PageHinkley } from '../src/index.js';
import { detectionsOf, shiftedNormalStream } from './detectorsStreams.js';
import { type MonitoringHome, monitoringHome } from './monitoringKernel.js';

function csv(seed: number, n: number, mean: number, plans: string[]): string {
  const xs = shiftedNormalStream(seed, n, n, mean, mean);
  return `x,plan\n${xs.map((x, i) => `${x},${plans[i % plans.length]}`).join('\n')}\n`;
}

describe('drift plugin', () => {
  let home: MonitoringHome;
  let kernel: TestKernel | undefined;
  const ref = { model: 'churn', version: 1 };
  beforeEach(async () => {
    home = await monitoringHome();
  });
  afterEach(async () => {
    await kernel?.stop();
    kernel = undefined;
    await home.remove();
  });

  it('declares its manifest with the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(driftPlugin.manifest.version).to.equal(pkg.version);
    expect(driftPlugin.manifest.name).to.equal(pkg.name);
  });

  it('restores a detector from the Database after a restart: the same detections as an uninterrupted run', async () => {
    const stream = shiftedNormalStream(7, 6_000, 3_000, 0, 1, 0.1);
    const expected = detectionsOf(new PageHinkley(), stream);
    expect(expected.length).to.be.greaterThan(0);
    kernel = await home.start();
    const call = kernel.call;
    await kernel.get(DriftService).createDetector('churn', 'residuals', { kind: 'page-hinkley' }, call);
    const first = await kernel
      .get(DriftService)
      .updateDetector('churn', 'residuals', stream.slice(0, 3_020), call);
    await kernel.stop();
    kernel = await home.start();
    const drift = kernel.get(DriftService);
    const rest: number[] = [];
    for (let i = 3_020; i < stream.length; i += 1_000) {
      rest.push(
        ...(await drift.updateDetector('churn', 'residuals', stream.slice(i, i + 1_000), call)).driftAt,
      );
    }
    expect([...first.driftAt, ...rest]).to.deep.equal(expected);
    const info = await drift.getDetector('churn', 'residuals', call);
    expect(info).to.include({ valuesSeen: 6_000, detections: expected.length, kind: 'page-hinkley' });
    expect(JSON.stringify(info.snapshot)).to.equal(
      JSON.stringify(stream.reduce((d, x) => d.update(x), new PageHinkley()).toJSON()),
    );
  });

  it('keeps a detector unchanged when a value of the batch is refused', async () => {
    kernel = await home.start();
    const drift = kernel.get(DriftService);
    await drift.createDetector('churn', 'errors', { kind: 'ddm' }, kernel.call);
    await drift.updateDetector('churn', 'errors', [0, 1, 0], kernel.call);
    const err = await drift
      .updateDetector('churn', 'errors', [1, 0, 2], kernel.call)
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal('values[2]: x must be 0 or 1, got 2');
    expect((err as InvalidArgumentError).details.field).to.equal('values[2]');
    expect((await drift.getDetector('churn', 'errors', kernel.call)).valuesSeen).to.equal(3);
    const params = await drift
      .createDetector('churn', 'w', { kind: 'adwin', params: { delta: 2 } }, kernel.call)
      .catch((e: unknown) => e);
    expect((params as Error).message).to.equal('params.delta must be a number in (0, 1), got 2');
    const missing = await drift.getDetector('churn', 'nope', kernel.call).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(NotFoundError);
    expect((missing as Error).message).to.equal('model "churn" has no drift detector "nope"');
    expect(new Adwin().kind).to.equal('adwin');
  });

  it('compares the batches since the last check with the reference, stores the report and emits drift.detected', async () => {
    kernel = await home.start();
    const drift = kernel.get(DriftService);
    const events: DriftDetectedPayload[] = [];
    kernel.hooks.on(DriftDetected, (e) => {
      events.push(e);
    });
    const reference = await drift.registerReference(
      ref,
      { format: 'csv', body: csv(1, 500, 0, ['a', 'b', 'c']) },
      kernel.call,
    );
    expect(reference).to.include({ model: 'churn', version: 1, format: 'csv' });
    const noBatch = await drift.check(ref, {}, kernel.call).catch((e: unknown) => e);
    expect(noBatch).to.be.instanceOf(FailedPreconditionError);
    expect((noBatch as Error).message).to.equal(
      'model "churn" version 1 has no batches since its last check',
    );

    await drift.addBatch(ref, { format: 'csv', body: csv(2, 200, 0, ['a', 'b', 'c']) }, kernel.call);
    const calm = await drift.check(ref, {}, kernel.call);
    expect(calm.batches).to.deep.equal({ from: 1, to: 1 });
    expect(calm.report.datasetDrift).to.equal(false);
    expect(events).to.deep.equal([]);

    const jsonl = shiftedNormalStream(3, 300, 300, 1, 1)
      .map((x, i) => JSON.stringify({ x, plan: i % 2 ? 'a' : 'c' }))
      .join('\n');
    await drift.addBatch(ref, { format: 'jsonl', body: jsonl }, kernel.call);
    await drift.addBatch(ref, { format: 'csv', body: csv(4, 100, 1, ['c']) }, kernel.call);
    const drifted = await drift.check(ref, {}, kernel.call);
    expect(drifted.batches).to.deep.equal({ from: 2, to: 3 });
    expect(drifted.report.currentRows).to.equal(400);
    expect(drifted.report.driftedColumns).to.deep.equal(['x', 'plan']);
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({
      subject: 'models:/churn/1',
      reportId: drifted.id,
      driftedColumns: ['x', 'plan'],
      share: 1,
    });
    expect(events[0]!.report).to.deep.equal(drifted.report);

    const window = await drift.check(
      ref,
      { batches: 3, options: { columns: { x: { threshold: 1e-300 } } } },
      kernel.call,
    );
    expect(window.batches).to.deep.equal({ from: 1, to: 3 });
    expect(window.report.driftedColumns).to.deep.equal(['plan']);

    const page1 = await drift.listReports(ref, { maxResults: 2 }, kernel.call);
    expect(page1.items.map((r) => r.id)).to.deep.equal([window.id, drifted.id]);
    const page2 = await drift.listReports(
      ref,
      { maxResults: 2, pageToken: page1.nextPageToken! },
      kernel.call,
    );
    expect(page2.items.map((r) => r.id)).to.deep.equal([calm.id]);
    expect(page2.nextPageToken).to.equal(undefined);
    const badToken = await drift
      .listReports(ref, { pageToken: 'not-a-token' }, kernel.call)
      .catch((e: unknown) => e);
    expect(badToken).to.be.instanceOf(InvalidArgumentError);
    expect((badToken as Error).message).to.equal('pageToken is not a token this service issued');
    expect((badToken as InvalidArgumentError).details.field).to.equal('pageToken');
    expect((await drift.getReport('churn', drifted.id, kernel.call)).report).to.deep.equal(drifted.report);
    expect(await drift.reportHtml('churn', drifted.id, kernel.call)).to.contain(
      'Dataset drift: 2 of 2 columns',
    );
    const blobs = await kernel.get(BlobStore).list({ prefix: 'drift/churn/1/' });
    expect(blobs.items).to.have.length(4);
  });

  it('checks on a schedule the versions with new batches, and stops its timer with the kernel', async () => {
    kernel = await home.start({ checkIntervalMs: 50 });
    const drift = kernel.get(DriftService);
    await drift.registerReference(ref, { format: 'csv', body: csv(1, 300, 0, ['a', 'b']) }, kernel.call);
    await drift.addBatch(ref, { format: 'csv', body: csv(5, 300, 2, ['a', 'b']) }, kernel.call);
    const deadline = Date.now() + 5_000;
    let reports = await drift.listReports(ref, {}, kernel.call);
    while (reports.items.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      reports = await drift.listReports(ref, {}, kernel.call);
    }
    expect(reports.items).to.have.length(1);
    expect(reports.items[0]!.driftedColumns).to.deep.equal(['x']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await drift.listReports(ref, {}, kernel.call)).items).to.have.length(1);
    await kernel.stop();
    kernel = undefined;
  });

  it('refuses a batch for a version without a reference, and bad names', async () => {
    kernel = await home.start();
    const drift = kernel.get(DriftService);
    const err = await drift
      .addBatch(ref, { format: 'csv', body: 'x\n1\n' }, kernel.call)
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal('model "churn" version 1 has no drift reference');
    const version = await drift
      .registerReference({ model: 'churn', version: 0 }, { format: 'csv', body: 'x\n1\n' }, kernel.call)
      .catch((e: unknown) => e);
    expect((version as InvalidArgumentError).details.field).to.equal('version');
    const format = await drift
      .registerReference(ref, { format: 'xlsx' as 'csv', body: 'x\n1\n' }, kernel.call)
      .catch((e: unknown) => e);
    expect((format as Error).message).to.equal('format must be csv or jsonl, got "xlsx"');
  });
});
