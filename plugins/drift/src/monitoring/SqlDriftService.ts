import { randomUUID } from 'node:crypto';
import {
  type BlobStore,
  type CallContext,
  DriftDetected,
  FailedPreconditionError,
  type Hooks,
  InvalidArgumentError,
  type ModelVersionRef,
  NotFoundError,
  type Page,
  type Registry,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type {
  BatchInfo,
  CheckOptions,
  DatasetUpload,
  DetectorInfo,
  DetectorUpdate,
  DriftReportSummary,
  DriftService,
  ReferenceInfo,
  StoredDriftReport,
} from '../DriftService.js';
import type { DetectorKind } from '../detectors/ConceptDriftDetector.js';
import type { DriftReport } from '../report/DriftReport.js';
import type { DriftReportOptions } from '../report/DriftReportOptions.js';
import { renderReportHtml } from '../report/renderReportHtml.js';
import { streamDriftReport } from '../report/streamDriftReport.js';
import { validateReportOptions } from '../report/validateReportOptions.js';
import type { DetectorTable } from './DetectorTable.js';
import { validateModelName, validateModelVersion } from './validateNames.js';

interface ReferenceRow {
  model: string;
  version: number;
  format: string;
  blob_key: string;
  bytes: number | string;
  sha256: string;
  settings: string;
  last_checked_batch: number | string;
  created_at: number | string;
}

interface BatchRow {
  model: string;
  version: number;
  batch: number | string;
  format: string;
  blob_key: string;
  bytes: number | string;
  created_at: number | string;
}

interface ReportRow {
  report_seq: number;
  report_id: string;
  model: string;
  version: number;
  batch_from: number | string;
  batch_to: number | string;
  dataset_drift: boolean | number;
  share: number;
  drifted_columns: string;
  report: string;
  created_at: number | string;
}

/** What the service needs from the kernel. */
export interface SqlDriftServiceDeps {
  readonly db: Knex;
  readonly blobs: BlobStore;
  readonly hooks: Hooks;
  readonly detectors: DetectorTable;
  /** When present, references are only registered for versions the registry knows. */
  readonly registry?: Registry;
  readonly spillDirectory?: string;
}

const formats = ['csv', 'jsonl'] as const;

function toReference(row: ReferenceRow): ReferenceInfo {
  return {
    model: row.model,
    version: Number(row.version),
    format: row.format as ReferenceInfo['format'],
    bytes: Number(row.bytes),
    sha256: row.sha256,
    createdAt: Number(row.created_at),
    settings: JSON.parse(row.settings) as DriftReportOptions,
  };
}

function toBatch(row: BatchRow): BatchInfo {
  return {
    model: row.model,
    version: Number(row.version),
    batch: Number(row.batch),
    format: row.format as BatchInfo['format'],
    bytes: Number(row.bytes),
    createdAt: Number(row.created_at),
  };
}

function toSummary(row: ReportRow): DriftReportSummary {
  return {
    id: row.report_id,
    model: row.model,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    batches: { from: Number(row.batch_from), to: Number(row.batch_to) },
    datasetDrift: Boolean(row.dataset_drift),
    share: Number(row.share),
    driftedColumns: JSON.parse(row.drifted_columns) as string[],
  };
}

function checkFormat(format: unknown): void {
  if (!formats.includes(format as 'csv')) {
    throw new InvalidArgumentError(`format must be csv or jsonl, got ${JSON.stringify(format)}`, {
      field: 'format',
      reason: 'out_of_range',
    });
  }
}

/** Object keys are built from the model name; encoding keeps `/` and odd characters out of the path. */
function keyPrefix(ref: ModelVersionRef): string {
  return `drift/${encodeURIComponent(ref.model)}/${ref.version}`;
}

/**
 * The DriftService on the Database and BlobStore ports: datasets are objects in the BlobStore,
 * read back as streams for each check; rows in `drift_*` tables say which objects belong to which
 * model version and hold the reports. A dataset is stored under a fresh key before its row is
 * written, so a crash in between leaves an unreferenced object, never a row without its data.
 */
export class SqlDriftService implements DriftService {
  constructor(private readonly deps: SqlDriftServiceDeps) {}

  async registerReference(
    ref: ModelVersionRef,
    upload: DatasetUpload,
    call: CallContext,
    settings?: DriftReportOptions,
  ): Promise<ReferenceInfo> {
    validateModelVersion(ref);
    checkFormat(upload.format);
    if (settings) validateReportOptions(settings);
    if (this.deps.registry) await this.deps.registry.getVersion(ref, call);
    const key = `${keyPrefix(ref)}/reference-${randomUUID()}.${upload.format}`;
    const blob = await this.deps.blobs.put(key, upload.body, { contentType: contentType(upload.format) });
    const previous = await this.referenceRow(ref, false);
    const row: ReferenceRow = {
      model: ref.model,
      version: ref.version,
      format: upload.format,
      blob_key: key,
      bytes: blob.size,
      sha256: blob.sha256,
      settings: JSON.stringify(settings ?? (previous ? JSON.parse(previous.settings) : {})),
      last_checked_batch: previous?.last_checked_batch ?? 0,
      created_at: Date.now(),
    };
    await this.deps.db('drift_references').insert(row).onConflict(['model', 'version']).merge();
    if (previous) await this.deps.blobs.delete(previous.blob_key);
    return toReference(row);
  }

  async getReference(ref: ModelVersionRef, _call: CallContext): Promise<ReferenceInfo> {
    validateModelVersion(ref);
    return toReference((await this.referenceRow(ref, true))!);
  }

  async updateSettings(
    ref: ModelVersionRef,
    settings: DriftReportOptions,
    call: CallContext,
  ): Promise<ReferenceInfo> {
    validateModelVersion(ref);
    validateReportOptions(settings);
    const updated = await this.deps
      .db('drift_references')
      .where({ model: ref.model, version: ref.version })
      .update({ settings: JSON.stringify(settings) });
    if (updated === 0) await this.referenceRow(ref, true);
    return this.getReference(ref, call);
  }

  async addBatch(ref: ModelVersionRef, upload: DatasetUpload, _call: CallContext): Promise<BatchInfo> {
    validateModelVersion(ref);
    checkFormat(upload.format);
    await this.referenceRow(ref, true);
    const key = `${keyPrefix(ref)}/batches/${randomUUID()}.${upload.format}`;
    const blob = await this.deps.blobs.put(key, upload.body, { contentType: contentType(upload.format) });
    const row = await this.deps.db.transaction(async (trx) => {
      const last = await trx('drift_batches')
        .where({ model: ref.model, version: ref.version })
        .max({ batch: 'batch' })
        .first();
      const batch: BatchRow = {
        model: ref.model,
        version: ref.version,
        batch: Number(last?.batch ?? 0) + 1,
        format: upload.format,
        blob_key: key,
        bytes: blob.size,
        created_at: Date.now(),
      };
      await trx('drift_batches').insert(batch);
      return batch;
    });
    return toBatch(row);
  }

  async check(ref: ModelVersionRef, options: CheckOptions, call: CallContext): Promise<StoredDriftReport> {
    validateModelVersion(ref);
    if (options.batches !== undefined && !(Number.isInteger(options.batches) && options.batches >= 1)) {
      throw new InvalidArgumentError(
        `batches must be an integer from 1, got ${JSON.stringify(options.batches)}`,
        {
          field: 'batches',
          reason: 'out_of_range',
        },
      );
    }
    if (options.options) validateReportOptions(options.options);
    const reference = (await this.referenceRow(ref, true))!;
    const where = { model: ref.model, version: ref.version };
    const batches: BatchRow[] =
      options.batches === undefined
        ? await this.deps
            .db<BatchRow>('drift_batches')
            .where(where)
            .andWhere('batch', '>', Number(reference.last_checked_batch))
            .orderBy('batch')
        : (
            await this.deps
              .db<BatchRow>('drift_batches')
              .where(where)
              .orderBy('batch', 'desc')
              .limit(options.batches)
          ).reverse();
    if (batches.length === 0) {
      throw new FailedPreconditionError(
        `model "${ref.model}" version ${ref.version} has no batches ${options.batches === undefined ? 'since its last check' : 'yet'}`,
        { field: 'batches', reason: 'no_batches' },
      );
    }
    const settings = options.options ?? (JSON.parse(reference.settings) as DriftReportOptions);
    const open = (key: string) => () => this.deps.blobs.get(key);
    const report = await streamDriftReport(
      { format: reference.format as 'csv', body: open(reference.blob_key) },
      batches.map((b) => ({ format: b.format as 'csv', body: open(b.blob_key) })),
      { ...settings, spillDirectory: this.deps.spillDirectory },
    );
    const from = Number(batches[0]!.batch);
    const to = Number(batches[batches.length - 1]!.batch);
    const stored: StoredDriftReport = {
      id: randomUUID(),
      model: ref.model,
      version: ref.version,
      createdAt: Date.now(),
      batches: { from, to },
      report,
    };
    await this.deps.db.transaction(async (trx) => {
      await trx('drift_reports').insert({
        report_id: stored.id,
        model: ref.model,
        version: ref.version,
        batch_from: from,
        batch_to: to,
        dataset_drift: report.datasetDrift,
        share: report.share,
        drifted_columns: JSON.stringify(report.driftedColumns),
        report: JSON.stringify(report),
        created_at: stored.createdAt,
      });
      await trx('drift_references')
        .where(where)
        .andWhere('last_checked_batch', '<', to)
        .update({ last_checked_batch: to });
    });
    if (report.datasetDrift) {
      this.deps.hooks.emit(DriftDetected, {
        subject: `models:/${ref.model}/${ref.version}`,
        reportId: stored.id,
        driftedColumns: report.driftedColumns,
        share: report.share,
        report: { ...report },
        call,
      });
    }
    return stored;
  }

  async listReports(
    ref: ModelVersionRef,
    query: { readonly maxResults?: number; readonly pageToken?: string },
    _call: CallContext,
  ): Promise<Page<DriftReportSummary>> {
    validateModelVersion(ref);
    const max = query.maxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw new InvalidArgumentError(
        `maxResults must be an integer from 1 to 1000, got ${JSON.stringify(max)}`,
        {
          field: 'maxResults',
          reason: 'out_of_range',
        },
      );
    }
    let q = this.deps
      .db<ReportRow>('drift_reports')
      .select(
        'report_seq',
        'report_id',
        'model',
        'version',
        'batch_from',
        'batch_to',
        'dataset_drift',
        'share',
      )
      .select('drifted_columns', 'created_at')
      .where({ model: ref.model, version: ref.version })
      .orderBy('report_seq', 'desc')
      .limit(max + 1);
    if (query.pageToken !== undefined) q = q.andWhere('report_seq', '<', decodePageToken(query.pageToken));
    const rows = (await q) as ReportRow[];
    const items = rows.slice(0, max).map(toSummary);
    return rows.length > max
      ? { items, nextPageToken: Buffer.from(String(rows[max - 1]!.report_seq)).toString('base64url') }
      : { items };
  }

  async getReport(model: string, reportId: string, _call: CallContext): Promise<StoredDriftReport> {
    validateModelName(model);
    const row = (await this.deps
      .db<ReportRow>('drift_reports')
      .where({ model, report_id: reportId })
      .first()) as ReportRow | undefined;
    if (!row) {
      throw new NotFoundError(`model "${model}" has no drift report "${reportId}"`, {
        field: 'reportId',
        reason: 'not_found',
      });
    }
    const summary = toSummary(row);
    return {
      id: summary.id,
      model: summary.model,
      version: summary.version,
      createdAt: summary.createdAt,
      batches: summary.batches,
      report: JSON.parse(row.report) as DriftReport,
    };
  }

  async reportHtml(model: string, reportId: string, call: CallContext): Promise<string> {
    const stored = await this.getReport(model, reportId, call);
    const title = `Data drift: ${stored.model} version ${stored.version}, batches ${stored.batches.from} to ${stored.batches.to}`;
    return renderReportHtml(stored.report, title);
  }

  createDetector(
    model: string,
    name: string,
    spec: { readonly kind: DetectorKind; readonly params?: Record<string, unknown> },
    call: CallContext,
  ): Promise<DetectorInfo> {
    return this.deps.detectors.create(model, name, spec, call);
  }

  getDetector(model: string, name: string, call: CallContext): Promise<DetectorInfo> {
    return this.deps.detectors.get(model, name, call);
  }

  updateDetector(
    model: string,
    name: string,
    values: readonly number[],
    call: CallContext,
  ): Promise<DetectorUpdate> {
    return this.deps.detectors.update(model, name, values, call);
  }

  /** Versions with batches newer than their last check, for the scheduler. */
  async versionsDue(): Promise<ModelVersionRef[]> {
    const rows = await this.deps
      .db('drift_references as r')
      .join('drift_batches as b', function joinBatches() {
        this.on('b.model', '=', 'r.model').andOn('b.version', '=', 'r.version');
      })
      .whereRaw('b.batch > r.last_checked_batch')
      .distinct('r.model', 'r.version');
    return rows.map((r: { model: string; version: number }) => ({
      model: r.model,
      version: Number(r.version),
    }));
  }

  private async referenceRow(ref: ModelVersionRef, required: boolean): Promise<ReferenceRow | undefined> {
    const row = (await this.deps
      .db<ReferenceRow>('drift_references')
      .where({ model: ref.model, version: ref.version })
      .first()) as ReferenceRow | undefined;
    if (!row && required) {
      throw new NotFoundError(`model "${ref.model}" version ${ref.version} has no drift reference`, {
        field: 'version',
        reason: 'not_found',
      });
    }
    return row;
  }
}

function contentType(format: 'csv' | 'jsonl'): string {
  return format === 'csv' ? 'text/csv' : 'application/x-ndjson';
}

function decodePageToken(token: string): number {
  const seq = Number(Buffer.from(token, 'base64url').toString());
  if (!Number.isInteger(seq) || seq < 1) {
    throw new InvalidArgumentError('pageToken is not a token this service issued', {
      field: 'pageToken',
      reason: 'invalid',
    });
  }
  return seq;
}
