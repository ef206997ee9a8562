import {
  type HttpRequest,
  InvalidArgumentError,
  type ModelVersionRef,
  type RouteDefinition,
  type RoutePermission,
} from '@mlops/plugin-api';
import type { DatasetUpload, DriftService } from '../DriftService.js';
import type { DetectorKind } from '../detectors/ConceptDriftDetector.js';
import type { DriftReportOptions } from '../report/DriftReportOptions.js';
import * as s from './driftSchemas.js';

const base = '/api/v1/drift/models/:model';

function permission(action: 'READ' | 'EDIT'): RoutePermission {
  return { action, resource: 'registeredModel', resourceId: (request) => request.params.model };
}

function versionOf(request: HttpRequest): ModelVersionRef {
  return { model: request.params.model!, version: Number(request.params.version) };
}

/** The upload's format: `?format=`, else the Content-Type (text/csv, application/x-ndjson or application/jsonl). */
function uploadOf(request: HttpRequest): DatasetUpload {
  const body = request.rawBody ?? '';
  const format = request.query.format as 'csv' | 'jsonl' | undefined;
  if (format) return { format, body };
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type === 'text/csv') return { format: 'csv', body };
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return { format: 'jsonl', body };
  throw new InvalidArgumentError(
    `format must be given as ?format=csv|jsonl or by Content-Type text/csv or application/x-ndjson, got Content-Type ${JSON.stringify(type)}`,
    { field: 'format', reason: 'missing' },
  );
}

/**
 * The REST routes of the drift plugin under `/api/v1/drift/`: each names the model in its path,
 * and needs READ (gets) or EDIT (posts) on that `registeredModel`.
 */
export function driftRoutes(drift: DriftService, maxUploadBytes: number): RouteDefinition[] {
  const upload = { bodyMode: 'raw' as const, maxBodyBytes: maxUploadBytes };
  return [
    {
      method: 'PUT',
      path: `${base}/versions/:version/reference`,
      summary: 'Register (or replace) the reference dataset of a model version: CSV or JSON Lines, streamed',
      tags: ['drift'],
      permission: permission('EDIT'),
      ...upload,
      schema: { params: s.versionParams, query: s.uploadQuery },
      async handler(request) {
        const info = await drift.registerReference(versionOf(request), uploadOf(request), request.call);
        return { status: 201, body: info };
      },
    },
    {
      method: 'GET',
      path: `${base}/versions/:version/reference`,
      summary: 'The reference dataset of a model version: size, sha256 and report settings',
      tags: ['drift'],
      permission: permission('READ'),
      schema: { params: s.versionParams },
      handler: (request) => drift.getReference(versionOf(request), request.call),
    },
    {
      method: 'PUT',
      path: `${base}/versions/:version/settings`,
      summary: "Set the report options (tests, thresholds, drift share, correction) of the version's checks",
      tags: ['drift'],
      permission: permission('EDIT'),
      schema: { params: s.versionParams, body: s.reportOptions },
      handler: (request) =>
        drift.updateSettings(versionOf(request), request.body as DriftReportOptions, request.call),
    },
    {
      method: 'POST',
      path: `${base}/versions/:version/batches`,
      summary: 'Post a batch of current data: CSV or JSON Lines, streamed',
      tags: ['drift'],
      permission: permission('EDIT'),
      ...upload,
      schema: { params: s.versionParams, query: s.uploadQuery },
      async handler(request) {
        return {
          status: 201,
          body: await drift.addBatch(versionOf(request), uploadOf(request), request.call),
        };
      },
    },
    {
      method: 'POST',
      path: `${base}/versions/:version/checks`,
      summary:
        'Compare the batches since the last check (or the last `batches`) with the reference; store the report',
      tags: ['drift'],
      permission: permission('EDIT'),
      schema: { params: s.versionParams, body: s.checkBody },
      async handler(request) {
        const body = request.body as { batches?: number; options?: DriftReportOptions };
        return { status: 201, body: await drift.check(versionOf(request), body, request.call) };
      },
    },
    {
      method: 'GET',
      path: `${base}/versions/:version/reports`,
      summary: "The history of a version's drift reports, newest first (verdicts only)",
      tags: ['drift'],
      permission: permission('READ'),
      schema: { params: s.versionParams, query: s.historyQuery },
      handler: (request) =>
        drift.listReports(
          versionOf(request),
          {
            maxResults: request.query.max_results as number,
            pageToken: request.query.page_token as string | undefined,
          },
          request.call,
        ),
    },
    {
      method: 'GET',
      path: `${base}/reports/:reportId`,
      summary: "One drift report as JSON: every column's test, statistic, p-value, effect size and histogram",
      tags: ['drift'],
      permission: permission('READ'),
      schema: { params: s.reportParams },
      handler: (request) => drift.getReport(request.params.model!, request.params.reportId!, request.call),
    },
    {
      method: 'GET',
      path: `${base}/reports/:reportId/html`,
      summary: 'One drift report as a self-contained HTML page',
      tags: ['drift'],
      permission: permission('READ'),
      schema: { params: s.reportParams },
      async handler(request) {
        const html = await drift.reportHtml(request.params.model!, request.params.reportId!, request.call);
        return { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
      },
    },
    {
      method: 'PUT',
      path: `${base}/detectors/:name`,
      summary: 'Create (or reset) a concept drift detector: adwin, ddm, eddm or page-hinkley',
      tags: ['drift'],
      permission: permission('EDIT'),
      schema: { params: s.detectorParams, body: s.detectorBody },
      async handler(request) {
        const body = request.body as { kind: DetectorKind; params?: Record<string, unknown> };
        return {
          status: 201,
          body: await drift.createDetector(request.params.model!, request.params.name!, body, request.call),
        };
      },
    },
    {
      method: 'GET',
      path: `${base}/detectors/:name`,
      summary: 'A concept drift detector: counts and its whole state',
      tags: ['drift'],
      permission: permission('READ'),
      schema: { params: s.detectorParams },
      handler: (request) => drift.getDetector(request.params.model!, request.params.name!, request.call),
    },
    {
      method: 'POST',
      path: `${base}/detectors/:name/values`,
      summary: 'Feed values, in order, to a detector; answers where drift was detected',
      tags: ['drift'],
      permission: permission('EDIT'),
      schema: { params: s.detectorParams, body: s.detectorValuesBody },
      handler: (request) =>
        drift.updateDetector(
          request.params.model!,
          request.params.name!,
          (request.body as { values: number[] }).values,
          request.call,
        ),
    },
  ];
}
