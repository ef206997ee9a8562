import type { BlobBody, CallContext, ModelVersionRef, Page } from '@mlops/plugin-api';
import { createToken } from '@mlops/plugin-api';
import type { DetectorKind, DetectorSnapshot } from './detectors/ConceptDriftDetector.js';
import type { DriftReport } from './report/DriftReport.js';
import type { DriftReportOptions } from './report/DriftReportOptions.js';
import type { DatasetFormat } from './report/readRecords.js';

/** A dataset upload: CSV with a header row, or JSON Lines of flat objects. */
export interface DatasetUpload {
  readonly format: DatasetFormat;
  readonly body: BlobBody;
}

/** The reference dataset of a model version, and the report settings its checks use. */
export interface ReferenceInfo {
  readonly model: string;
  readonly version: number;
  readonly format: DatasetFormat;
  readonly bytes: number;
  readonly sha256: string;
  readonly createdAt: number;
  /** The report options every check of this version uses, unless the check gives its own. */
  readonly settings: DriftReportOptions;
}

/** One batch of current (production) data posted for a model version. */
export interface BatchInfo {
  readonly model: string;
  readonly version: number;
  /** Increases with each batch of the version. */
  readonly batch: number;
  readonly format: DatasetFormat;
  readonly bytes: number;
  readonly createdAt: number;
}

/** Options of {@link DriftService.check}. */
export interface CheckOptions {
  /**
   * Compare the latest `batches` batches. By default, the batches posted since the previous check
   * (a tumbling window).
   */
  readonly batches?: number;
  /** Report options for this check, in place of the version's settings. */
  readonly options?: DriftReportOptions;
}

/** A report as stored, with what it compared. */
export interface StoredDriftReport {
  readonly id: string;
  readonly model: string;
  readonly version: number;
  readonly createdAt: number;
  /** The batches compared with the reference (first and last, inclusive). */
  readonly batches: { readonly from: number; readonly to: number };
  readonly report: DriftReport;
}

/** A report's verdict without its columns, as the history lists it. */
export interface DriftReportSummary {
  readonly id: string;
  readonly model: string;
  readonly version: number;
  readonly createdAt: number;
  readonly batches: { readonly from: number; readonly to: number };
  readonly datasetDrift: boolean;
  readonly share: number;
  readonly driftedColumns: readonly string[];
}

/** A stored concept drift detector of a model. */
export interface DetectorInfo {
  readonly model: string;
  readonly name: string;
  readonly kind: DetectorKind;
  /** Values fed since creation. */
  readonly valuesSeen: number;
  /** Drifts detected since creation. */
  readonly detections: number;
  readonly updatedAt: number;
  readonly snapshot: DetectorSnapshot;
}

/** What feeding values to a stored detector found. */
export interface DetectorUpdate {
  readonly detector: DetectorInfo;
  /** Positions (0-based, counted since the detector's creation) of the values that signalled drift. */
  readonly driftAt: readonly number[];
  /** Whether the detector was in its warning zone after the last value (DDM, EDDM). */
  readonly warningDetected: boolean;
}

/**
 * Data and concept drift monitoring of model versions: a reference dataset per version, batches of
 * current data, reports comparing them (on demand or on a schedule), and stream detectors whose
 * state survives restarts. Every method takes the caller's context; errors follow the taxonomy:
 * InvalidArgumentError naming the field, NotFoundError for an unknown version, reference, report or
 * detector, FailedPreconditionError when a check has no batches to compare.
 * @example
 * const drift = kernel.get(DriftService);
 * await drift.registerReference({ model: 'churn', version: 3 }, { format: 'csv', body: trainingCsv }, call);
 * await drift.addBatch({ model: 'churn', version: 3 }, { format: 'jsonl', body: lastHour }, call);
 * const { report } = await drift.check({ model: 'churn', version: 3 }, {}, call);
 */
export interface DriftService {
  /** Stores (or replaces) the version's reference dataset, and its report settings when given. */
  registerReference(
    ref: ModelVersionRef,
    upload: DatasetUpload,
    call: CallContext,
    settings?: DriftReportOptions,
  ): Promise<ReferenceInfo>;
  getReference(ref: ModelVersionRef, call: CallContext): Promise<ReferenceInfo>;
  /** Replaces the report settings of the version's checks. */
  updateSettings(
    ref: ModelVersionRef,
    settings: DriftReportOptions,
    call: CallContext,
  ): Promise<ReferenceInfo>;
  /** Stores a batch of current data. @throws NotFoundError when the version has no reference. */
  addBatch(ref: ModelVersionRef, upload: DatasetUpload, call: CallContext): Promise<BatchInfo>;
  /**
   * Compares the window of batches with the reference, stores the report, and emits
   * `drift.detected` (after the commit) when the dataset drifted.
   */
  check(ref: ModelVersionRef, options: CheckOptions, call: CallContext): Promise<StoredDriftReport>;
  /** The version's reports, newest first. */
  listReports(
    ref: ModelVersionRef,
    query: { readonly maxResults?: number; readonly pageToken?: string },
    call: CallContext,
  ): Promise<Page<DriftReportSummary>>;
  getReport(model: string, reportId: string, call: CallContext): Promise<StoredDriftReport>;
  /** The report as a self-contained HTML page. */
  reportHtml(model: string, reportId: string, call: CallContext): Promise<string>;
  /** Creates (or replaces, starting afresh) a named detector of a model. */
  createDetector(
    model: string,
    name: string,
    spec: { readonly kind: DetectorKind; readonly params?: Record<string, unknown> },
    call: CallContext,
  ): Promise<DetectorInfo>;
  getDetector(model: string, name: string, call: CallContext): Promise<DetectorInfo>;
  /** Feeds values in order, in one transaction: the saved state moves on by all of them or none. */
  updateDetector(
    model: string,
    name: string,
    values: readonly number[],
    call: CallContext,
  ): Promise<DetectorUpdate>;
}

/** The drift monitoring service (plugins/drift). */
export const DriftService = createToken<DriftService>({
  id: 'drift.driftService',
  description: 'reference datasets, drift reports and concept drift detectors per model version',
});
