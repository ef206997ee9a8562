import {
  type CallContext,
  FailedPreconditionError,
  type HttpRequest,
  InvalidArgumentError,
  type MultipartUpload,
  type RouteDefinition,
  type Tracking,
} from '@mlops/plugin-api';
import { proxyPathExperiment, proxyPathParams } from './mlflowArtifactProxyRoutes.js';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { resolveProxyArtifactPath } from './proxyArtifactPath.js';
import { requestOrigin } from './requestOrigin.js';
import type { RunArtifactBlobs } from './runArtifactBlobs.js';
import { experimentPermission } from './trackingPermissions.js';
import { int64Of, int64Schema } from './wireNumbers.js';

/** MLflow's answer when the artifact store cannot do multipart uploads: clients then PUT the file whole. */
const unsupported = {
  status: 501,
  body: {
    error_code: 'NOT_IMPLEMENTED',
    message: 'Multipart upload is not supported for the current artifact repository',
  },
};

const partNumbers = 10_000;

/** The file a multipart request is about: the URL's directory joined with the base name of `path`. */
async function uploadTarget(
  tracking: Tracking,
  blobs: RunArtifactBlobs,
  request: HttpRequest,
  call: CallContext,
): Promise<{ key: string; proxyPath: string }> {
  const { path } = request.body as { path: string };
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const proxyPath = `${(request.params.path ?? '').replace(/\/$/, '')}/${name}`;
  const { run, artifactPath } = await resolveProxyArtifactPath(tracking, proxyPath, call);
  if (run.info.lifecycleStage !== 'active') {
    throw new FailedPreconditionError(
      `The run ${run.info.runId} must be in the 'active' state. Current state is ${run.info.lifecycleStage}.`,
      { field: 'run_id', reason: 'deleted' },
    );
  }
  return { key: blobs.keyOf(run, artifactPath), proxyPath };
}

/**
 * MLflow's multipart upload routes (`/mlflow-artifacts/mpu/create|complete|abort/<dir>`, body
 * `path` the local file whose base name is the artifact's) over the BlobMultipartUploads port.
 * The part URLs handed out point back at this server (`/mlflow-artifacts/mpu/upload-part/...`),
 * where MLflow's S3 store would hand out presigned S3 URLs; without the port, `create` answers
 * 501 `NOT_IMPLEMENTED` and clients fall back to one PUT.
 */
export function mlflowMultipartRoutes(tracking: Tracking, blobs: RunArtifactBlobs): RouteDefinition[] {
  const write = experimentPermission('EDIT', (request) => proxyPathExperiment(request.params.path));
  return [
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow-artifacts/mpu/create/*path',
      rpc: 'createMultipartUpload',
      summary: 'Start a multipart upload of an artifact; answers the upload id and one URL per part',
      permission: write,
      schema: {
        params: proxyPathParams,
        body: {
          type: 'object',
          required: ['path'],
          properties: { path: { type: 'string', minLength: 1 }, num_parts: int64Schema },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              upload_id: { type: 'string' },
              credentials: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    url: { type: 'string' },
                    part_number: { type: 'integer' },
                    headers: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                },
              },
            },
          },
          501: { type: 'object' },
        },
      },
      async handler(request) {
        if (!blobs.supportsMultipart) return unsupported;
        const numParts = int64Of((request.body as { num_parts?: unknown }).num_parts, 'num_parts') ?? 1;
        if (numParts < 1 || numParts > partNumbers) {
          throw new InvalidArgumentError(`num_parts must be from 1 to ${partNumbers}, got ${numParts}`, {
            field: 'num_parts',
            reason: 'out_of_range',
          });
        }
        const { key, proxyPath } = await uploadTarget(tracking, blobs, request, request.call);
        const upload = await blobs.uploads().create(key);
        const base = `${requestOrigin(request)}/api/2.0/mlflow-artifacts/mpu/upload-part/${proxyPath
          .split('/')
          .map(encodeURIComponent)
          .join('/')}`;
        const credentials = Array.from({ length: numParts }, (_, i) => ({
          url: `${base}?upload_id=${encodeURIComponent(upload.uploadId)}&part_number=${i + 1}`,
          part_number: i + 1,
        }));
        return { upload_id: upload.uploadId, credentials };
      },
    }),
    mlflowEndpoint({
      method: 'PUT',
      path: '/mlflow-artifacts/mpu/upload-part/*path',
      rpc: 'uploadMultipartPart',
      summary: 'Upload one part of a multipart upload (the URLs `mpu/create` hands out); answers its ETag',
      permission: write,
      bodyMode: 'raw',
      schema: {
        params: proxyPathParams,
        query: {
          type: 'object',
          required: ['upload_id', 'part_number'],
          properties: { upload_id: { type: 'string', minLength: 1 }, part_number: int64Schema },
        },
        response: { 200: s.empty },
      },
      async handler(request) {
        const { run, artifactPath } = await resolveProxyArtifactPath(
          tracking,
          request.params.path ?? '',
          request.call,
        );
        const upload: MultipartUpload = {
          key: blobs.keyOf(run, artifactPath),
          uploadId: String(request.query.upload_id),
        };
        const partNumber = int64Of(request.query.part_number, 'part_number') as number;
        const part = await blobs.uploads().uploadPart(upload, partNumber, request.rawBody ?? '');
        return { status: 200, headers: { ETag: part.etag }, body: {} };
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow-artifacts/mpu/complete/*path',
      rpc: 'completeMultipartUpload',
      summary: 'Join the uploaded parts into the artifact',
      permission: write,
      schema: {
        params: proxyPathParams,
        body: {
          type: 'object',
          required: ['path', 'parts'],
          properties: {
            path: { type: 'string', minLength: 1 },
            upload_id: { type: 'string' },
            parts: {
              type: 'array',
              items: {
                type: 'object',
                required: ['part_number', 'etag'],
                properties: { part_number: int64Schema, etag: { type: 'string' }, url: { type: 'string' } },
              },
            },
          },
        },
        response: { 200: s.empty },
      },
      async handler(request) {
        if (!blobs.supportsMultipart) return unsupported;
        const b = request.body as {
          upload_id?: string;
          parts: { part_number: number | string; etag: string }[];
        };
        const { key } = await uploadTarget(tracking, blobs, request, request.call);
        await blobs.uploads().complete(
          { key, uploadId: b.upload_id ?? '' },
          b.parts.map((p, i) => ({
            partNumber: int64Of(p.part_number, `parts[${i}].part_number`) as number,
            etag: p.etag,
          })),
        );
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow-artifacts/mpu/abort/*path',
      rpc: 'abortMultipartUpload',
      summary: 'Abort a multipart upload and drop its parts',
      permission: write,
      schema: {
        params: proxyPathParams,
        body: {
          type: 'object',
          required: ['path'],
          properties: { path: { type: 'string', minLength: 1 }, upload_id: { type: 'string' } },
        },
        response: { 200: s.empty },
      },
      async handler(request) {
        if (!blobs.supportsMultipart) return unsupported;
        const b = request.body as { upload_id?: string };
        const { key } = await uploadTarget(tracking, blobs, request, request.call);
        await blobs.uploads().abort({ key, uploadId: b.upload_id ?? '' });
        return {};
      },
    }),
  ].flat();
}
