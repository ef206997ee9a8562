import type { RouteDefinition, Tracking } from '@mlops/plugin-api';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { mlflowRunId } from './mlflowRunId.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { toMlflowFileInfo } from './toMlflowRun.js';
import { mlflowRunPermission } from './trackingPermissions.js';

/**
 * MLflow's `artifacts/list`: a directory of a run's artifacts, paths relative to the run's
 * artifact root (unlike the proxy's list), with the run's `artifact_uri` as `root_uri`.
 */
export function mlflowArtifactListRoute(tracking: Tracking): RouteDefinition[] {
  return mlflowEndpoint({
    method: 'GET',
    path: '/mlflow/artifacts/list',
    rpc: 'listArtifacts',
    summary: "List a directory of a run's artifacts",
    permission: mlflowRunPermission('READ'),
    schema: {
      query: s.listArtifacts,
      response: {
        200: {
          type: 'object',
          properties: {
            root_uri: { type: 'string' },
            files: { type: 'array', items: s.fileInfoOut },
            next_page_token: { type: 'string' },
          },
        },
      },
    },
    async handler(request) {
      const runId = mlflowRunId(request.query);
      const path =
        typeof request.query.path === 'string' && request.query.path !== '' ? request.query.path : undefined;
      const run = await tracking.getRun(runId, request.call);
      const entries = await tracking.listArtifacts(runId, path, request.call);
      const files = entries
        .map((e) => toMlflowFileInfo(e))
        .sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
      return { root_uri: run.info.artifactUri, ...(files.length > 0 ? { files } : {}) };
    },
  });
}
