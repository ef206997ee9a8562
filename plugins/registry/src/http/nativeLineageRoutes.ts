import type { ModelLineage, Registry, RouteDefinition } from '@mlops/plugin-api';
import { modelPermission } from './modelPermission.js';
import { nativeRoute } from './nativeRoute.js';
import { modelNameParam, versionParam } from './nativeSchemas.js';
import { pathRef } from './versionAnswer.js';

const versionParams = {
  type: 'object',
  properties: { name: modelNameParam, version: versionParam },
  required: ['name', 'version'],
};
/** A version's lineage as the native API sends it; datasets as the tracking API's run inputs. */
function toNativeLineage(l: ModelLineage) {
  return {
    name: l.ref.model,
    version: l.ref.version,
    source: l.source,
    ...(l.runId === undefined ? {} : { run_id: l.runId }),
    ...(l.run === undefined
      ? {}
      : {
          run: {
            run_name: l.run.runName,
            experiment_id: l.run.experimentId,
            status: l.run.status,
            start_time: l.run.startTime,
            ...(l.run.endTime === undefined ? {} : { end_time: l.run.endTime }),
          },
        }),
    datasets: l.datasets.map(({ dataset, tags }) => ({
      dataset: {
        name: dataset.name,
        digest: dataset.digest,
        source_type: dataset.sourceType,
        source: dataset.source,
        ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
        ...(dataset.profile === undefined ? {} : { profile: dataset.profile }),
      },
      tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
    })),
  };
}

const datasetInputSchema = {
  type: 'object',
  properties: {
    dataset: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        digest: { type: 'string' },
        source_type: { type: 'string' },
        source: { type: 'string' },
        schema: { type: 'string' },
        profile: { type: 'string' },
      },
    },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/**
 * Where a version came from and what it is: `GET .../versions/:version/lineage` (its source run
 * and that run's datasets) and `GET .../versions/:version/card` (its model card, markdown).
 */
export function nativeLineageRoutes(registry: Registry): RouteDefinition[] {
  const routes: RouteDefinition[] = [
    {
      method: 'GET',
      path: '/api/v1/models/:name/versions/:version/lineage',
      summary: "A version's source run and the datasets that run used",
      permission: modelPermission('READ'),
      schema: {
        params: versionParams,
        response: {
          200: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              version: { type: 'integer' },
              source: { type: 'string' },
              run_id: { type: 'string' },
              run: {
                type: 'object',
                properties: {
                  run_name: { type: 'string' },
                  experiment_id: { type: 'string' },
                  status: { type: 'string' },
                  start_time: { type: 'integer' },
                  end_time: { type: 'integer' },
                },
              },
              datasets: { type: 'array', items: datasetInputSchema },
            },
          },
        },
      },
      async handler(request) {
        return toNativeLineage(await registry.lineage(pathRef(request), request.call));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/:name/versions/:version/card',
      summary: "A version's model card (markdown: facts, run, datasets, history)",
      permission: modelPermission('READ'),
      schema: {
        params: versionParams,
        response: { 200: { type: 'string', contentMediaType: 'text/markdown' } },
      },
      async handler(request) {
        const card = await registry.modelCard(pathRef(request), request.call);
        return {
          headers: { 'Content-Type': 'text/markdown; charset=utf-8' },
          body: Buffer.from(card.markdown, 'utf8'),
        };
      },
    },
  ];
  return routes.map(nativeRoute);
}
