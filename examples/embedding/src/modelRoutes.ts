import type Router from '@koa/router';
import {
  type CallContext,
  NotFoundError,
  Registry,
  type Scope,
  systemCall,
  Tracking,
} from '@mlops/plugin-api';

/** Reads the JSON body the app's own middleware parsed. */
function bodyOf(ctx: { request: unknown }): Record<string, unknown> {
  return ((ctx.request as { body?: unknown }).body ?? {}) as Record<string, unknown>;
}

/**
 * The service's own training and model routes, calling the kernel's Tracking and Registry ports
 * in-process (the same calls the platform's REST API makes).
 */
export function addModelRoutes(
  router: Router,
  kernel: Scope,
  call: (requestId: string) => CallContext = systemCall,
): void {
  const tracking = kernel.get(Tracking);
  const registry = kernel.get(Registry);

  router.post('/training-runs', async (ctx) => {
    const {
      experiment,
      params = {},
      metrics = {},
    } = bodyOf(ctx) as {
      experiment?: string;
      params?: Record<string, string>;
      metrics?: Record<string, number>;
    };
    const c = call(ctx.get('x-request-id') || 'embedding');
    const exp = await tracking.getExperimentByName(String(experiment), c).catch(async (err: unknown) => {
      if (err instanceof NotFoundError) return tracking.createExperiment({ name: String(experiment) }, c);
      throw err;
    });
    const run = await tracking.createRun({ experimentId: exp.experimentId }, c);
    const now = Date.now();
    await tracking.logBatch(
      run.info.runId,
      {
        params: Object.entries(params).map(([key, value]) => ({ key, value: String(value) })),
        metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: now, step: 0 })),
      },
      c,
    );
    await tracking.updateRun(run.info.runId, { status: 'FINISHED', endTime: Date.now() }, c);
    ctx.status = 201;
    ctx.body = { runId: run.info.runId, experimentId: exp.experimentId };
  });

  router.post('/models/:name/versions', async (ctx) => {
    const { runId } = bodyOf(ctx) as { runId?: string };
    const c = call(ctx.get('x-request-id') || 'embedding');
    const version = await registry.createVersion(
      { model: ctx.params.name!, source: `runs:/${runId}/model`, runId: String(runId) },
      c,
    );
    ctx.status = 201;
    ctx.body = { model: version.model, version: version.version };
  });

  router.put('/models/:name/champion', async (ctx) => {
    const { version } = bodyOf(ctx) as { version?: number };
    const c = call(ctx.get('x-request-id') || 'embedding');
    await registry.setAlias({ model: ctx.params.name!, version: Number(version) }, 'champion', {}, c);
    ctx.status = 204;
  });

  router.get('/models/:name/champion', async (ctx) => {
    const c = call(ctx.get('x-request-id') || 'embedding');
    const version = await registry.resolveModelUri(`models:/${ctx.params.name}@champion`, c);
    const run = version.runId === undefined ? undefined : await tracking.getRun(version.runId, c);
    ctx.body = {
      model: version.model,
      version: version.version,
      runId: version.runId,
      metrics: Object.fromEntries((run?.data.metrics ?? []).map((m) => [m.key, m.value])),
    };
  });
}
