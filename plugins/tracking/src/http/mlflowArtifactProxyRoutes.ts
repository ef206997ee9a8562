import type { Readable } from 'node:stream';
import {
  type ArtifactEntry,
  FailedPreconditionError,
  type HttpRequest,
  type LoggedModels,
  type RouteDefinition,
  type Tracking,
} from '@mlops/plugin-api';
import { downloadHeaders } from './artifactAnswers.js';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import {
  parseProxyArtifactPath,
  resolveProxyArtifactPath,
  resolveProxyModelPath,
} from './proxyArtifactPath.js';
import type { RunArtifactBlobs } from './runArtifactBlobs.js';
import { toMlflowFileInfo } from './toMlflowRun.js';
import { experimentPermission } from './trackingPermissions.js';

/** The wildcard path parameter of the proxy routes: everything after `artifacts/`. */
export const proxyPathParams = {
  type: 'object',
  required: ['path'],
  properties: {
    path: { type: 'string', description: 'artifact path, `<experiment id>/<run id>/artifacts/...`' },
  },
} as const;

/** The experiment a proxy path belongs to: its first segment, with the default artifact locations. */
export function proxyPathExperiment(path: unknown): string | undefined {
  return typeof path === 'string' ? path.split('/')[0] : undefined;
}

/** A proxy listing: names relative to the listed directory, sorted; `{}` when empty, as MLflow's. */
function fileList(entries: readonly ArtifactEntry[]): Record<string, unknown> {
  const files = entries
    .map((e) => toMlflowFileInfo(e, e.path.slice(e.path.lastIndexOf('/') + 1)))
    .sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
  return files.length > 0 ? { files } : {};
}

const listResponse = {
  type: 'object',
  properties: { files: { type: 'array', items: s.fileInfoOut } },
} as const;

/**
 * MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/...`), with which a client whose
 * experiment has an `mlflow-artifacts:/` location uploads, lists, downloads and deletes a run's
 * artifacts through the server, into the BlobStore under the Tracking port's keys; and uploads,
 * lists and downloads a logged model's (`<experiment>/models/<model id>/artifacts/...`, MLflow 3).
 */
export function mlflowArtifactProxyRoutes(
  tracking: Tracking,
  models: LoggedModels,
  blobs: RunArtifactBlobs,
): RouteDefinition[] {
  const pathOf = (request: HttpRequest) => request.params.path ?? '';
  const byPath = (action: 'READ' | 'EDIT' | 'MANAGE') =>
    experimentPermission(action, (request) => proxyPathExperiment(request.params.path));
  return [
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow-artifacts/artifacts',
      rpc: 'listArtifactsMlflowArtifacts',
      summary: 'List a directory of artifacts; paths are relative to it',
      permission: experimentPermission('READ', (request) => proxyPathExperiment(request.query.path)),
      schema: {
        query: { type: 'object', properties: { path: { type: 'string' } } },
        response: { 200: listResponse },
      },
      async handler(request) {
        const path = typeof request.query.path === 'string' ? request.query.path : '';
        const model = await resolveProxyModelPath(models, path, request.call);
        if (model !== undefined) {
          const entries = await models.listModelArtifacts(
            model.modelId,
            model.artifactPath === '' ? undefined : model.artifactPath,
            request.call,
          );
          return fileList(entries);
        }
        // Above a run's artifacts (the root, an experiment) there is nothing MLflow clients list.
        if (parseProxyArtifactPath(path) === undefined) return {};
        const { run, artifactPath } = await resolveProxyArtifactPath(tracking, path, request.call);
        const entries = await tracking.listArtifacts(
          run.info.runId,
          artifactPath === '' ? undefined : artifactPath,
          request.call,
        );
        return fileList(entries);
      },
    }),
    mlflowEndpoint({
      method: 'PUT',
      path: '/mlflow-artifacts/artifacts/*path',
      rpc: 'uploadArtifact',
      summary:
        "Upload one artifact file (the raw body, whatever its Content-Type) into a run's or a logged model's artifacts",
      permission: byPath('EDIT'),
      bodyMode: 'raw',
      schema: { params: proxyPathParams, response: { 200: s.empty } },
      async handler(request) {
        const model = await resolveProxyModelPath(models, pathOf(request), request.call);
        if (model !== undefined) {
          await models.logModelArtifact(
            model.modelId,
            model.artifactPath,
            request.rawBody ?? '',
            request.call,
          );
          return {};
        }
        const { run, artifactPath } = await resolveProxyArtifactPath(tracking, pathOf(request), request.call);
        await tracking.logArtifact(run.info.runId, artifactPath, request.rawBody ?? '', request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow-artifacts/artifacts/*path',
      rpc: 'downloadArtifact',
      summary: 'Download one artifact file, streamed',
      permission: byPath('READ'),
      schema: {
        params: proxyPathParams,
        response: { 200: { type: 'string', format: 'binary' } },
      },
      async handler(request) {
        const model = await resolveProxyModelPath(models, pathOf(request), request.call);
        let artifactPath: string;
        let body: Readable;
        if (model !== undefined) {
          artifactPath = model.artifactPath;
          body = await models.openModelArtifact(model.modelId, artifactPath, request.call);
        } else {
          const resolved = await resolveProxyArtifactPath(tracking, pathOf(request), request.call);
          artifactPath = resolved.artifactPath;
          body = await tracking.openArtifact(resolved.run.info.runId, artifactPath, request.call);
        }
        return {
          status: 200,
          headers: downloadHeaders(artifactPath),
          body,
        };
      },
    }),
    mlflowEndpoint({
      method: 'DELETE',
      path: '/mlflow-artifacts/artifacts/*path',
      rpc: 'deleteArtifact',
      summary: 'Delete an artifact file, or a directory with everything under it',
      permission: byPath('MANAGE'),
      schema: { params: proxyPathParams, response: { 200: s.empty } },
      async handler(request) {
        if ((await resolveProxyModelPath(models, pathOf(request), request.call)) !== undefined) {
          throw new FailedPreconditionError(
            "a logged model's artifacts are deleted with the model (DELETE /api/2.0/mlflow/logged-models/<model id>), not one by one",
            { field: 'path', reason: 'logged_model_artifact' },
          );
        }
        const { run, artifactPath } = await resolveProxyArtifactPath(tracking, pathOf(request), request.call);
        await blobs.delete(run, artifactPath);
        return {};
      },
    }),
  ].flat();
}
