import {
  type HttpRequest,
  isMlopsError,
  type RouteDefinition,
  resolveByteRange,
  type Tracking,
} from '@mlops/plugin-api';
import { artifactListSchemas, downloadHeaders, encodeArtifactPath, listedPath } from './artifactAnswers.js';
import { nativeRoute } from './nativeRoute.js';
import { nativeSchemas as s } from './nativeSchemas.js';
import { parseRangeHeader } from './parseRangeHeader.js';
import type { RunArtifactBlobs } from './runArtifactBlobs.js';
import { toNativeJson } from './toNativeJson.js';
import { runPermission } from './trackingPermissions.js';

const base = '/api/v1/runs/:runId/artifacts';

/**
 * The native API's run artifacts: list a directory, upload a file (the raw body, streamed into
 * the BlobStore), download it (streamed, with `Range` support) and delete a file or directory.
 */
export function nativeArtifactRoutes(tracking: Tracking, blobs: RunArtifactBlobs): RouteDefinition[] {
  const permission = (action: 'READ' | 'EDIT' | 'MANAGE') =>
    runPermission(action, (request: HttpRequest) => request.params.runId);
  return [
    nativeRoute({
      method: 'GET',
      path: base,
      summary: "List a directory of a run's artifacts (the root when path is absent)",
      permission: permission('READ'),
      schema: { params: s.runParams, ...artifactListSchemas },
      async handler(request) {
        const entries = await tracking.listArtifacts(
          request.params.runId!,
          listedPath(request),
          request.call,
        );
        return { status: 200, body: { files: entries.map(toNativeJson.artifact) } };
      },
    }),
    nativeRoute({
      method: 'PUT',
      path: `${base}/*path`,
      summary: 'Upload one artifact file: the raw body, streamed (replaces a file at that path)',
      permission: permission('EDIT'),
      bodyMode: 'raw',
      schema: { params: s.runPathParams, response: { 201: s.artifactOut } },
      async handler(request) {
        const runId = request.params.runId!;
        const entry = await tracking.logArtifact(
          runId,
          request.params.path!,
          request.rawBody ?? '',
          request.call,
        );
        return {
          status: 201,
          headers: { Location: `/api/v1/runs/${runId}/artifacts/${encodeArtifactPath(entry.path)}` },
          body: toNativeJson.artifact(entry),
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/*path`,
      summary: 'Download one artifact file, streamed; `Range: bytes=a-b` answers 206 with that part',
      permission: permission('READ'),
      schema: { params: s.runPathParams, response: { 200: { type: 'string', format: 'binary' } } },
      async handler(request) {
        const runId = request.params.runId!;
        const path = request.params.path!;
        const run = await tracking.getRun(runId, request.call);
        const info = await blobs.head(run, path);
        const headers = { ...downloadHeaders(path), 'Accept-Ranges': 'bytes' };
        const asked = parseRangeHeader(request.headers.range);
        if (asked === undefined) {
          const body = await tracking.openArtifact(runId, path, request.call);
          return { status: 200, headers: { ...headers, 'Content-Length': String(info.size) }, body };
        }
        let range: { start: number; end: number };
        try {
          range = resolveByteRange(path, asked, info.size);
        } catch (err) {
          if (!isMlopsError(err, 'InvalidArgument')) throw err;
          return {
            status: 416,
            headers: { 'Content-Range': `bytes */${info.size}` },
            body: { error_code: 'RANGE_NOT_SATISFIABLE', message: err.message, details: { field: 'range' } },
          };
        }
        const body = await tracking.openArtifact(runId, path, request.call, { range });
        return {
          status: 206,
          headers: {
            ...headers,
            'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
            'Content-Length': String(range.end - range.start + 1),
          },
          body,
        };
      },
    }),
    nativeRoute({
      method: 'DELETE',
      path: `${base}/*path`,
      summary: 'Delete an artifact file, or a directory with everything under it',
      permission: permission('MANAGE'),
      schema: { params: s.runPathParams, response: { 204: {} } },
      async handler(request) {
        const run = await tracking.getRun(request.params.runId!, request.call);
        await blobs.delete(run, request.params.path!);
        return { status: 204 };
      },
    }),
  ];
}
