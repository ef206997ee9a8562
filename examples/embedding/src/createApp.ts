import Router from '@koa/router';
import { createKernel } from '@mlops/core';
import { Database, type Kernel } from '@mlops/plugin-api';
import { registryPlugin } from '@mlops/plugin-registry';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import Koa from 'koa';
import { errorStatus } from './errorStatus.js';
import { feedbackMigrations } from './feedbackMigrations.js';
import { addModelRoutes } from './modelRoutes.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The metadata database, e.g. `sqlite::memory:` or `postgres://...`. */
  databaseUrl: string;
}

/** The service: its koa app, and the kernel it embeds. */
export interface App {
  readonly koa: Koa;
  readonly kernel: Kernel;
  close(): Promise<void>;
}

/**
 * An existing koa service that starts an mlops kernel in-process and uses its `Database`,
 * `Tracking` and `Registry` ports from its own route handlers: no HTTP hop between the service
 * and the platform.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const kernel = createKernel({
    plugins: [storeSqlPlugin({ url: options.databaseUrl }), trackingPlugin(), registryPlugin()],
    logLevel: 'warn',
  });
  await kernel.start();
  const db = await kernel.get(Database).forPlugin('mlops-example-embedding', feedbackMigrations);

  const router = new Router();
  router.post('/feedback', async (ctx) => {
    const { model, score } =
      (ctx.request as unknown as { body?: { model?: unknown; score?: unknown } }).body ?? {};
    if (typeof model !== 'string' || model === '') ctx.throw(400, 'field "model" must be a non-empty string');
    if (typeof score !== 'number' || !Number.isFinite(score))
      ctx.throw(400, 'field "score" must be a number');
    await db('example_feedback').insert({ model, score, created_at: Date.now() });
    ctx.status = 201;
    ctx.body = { model, score };
  });
  router.get('/feedback/:model', async (ctx) => {
    const row = await db('example_feedback')
      .where({ model: ctx.params.model })
      .count({ count: '*' })
      .avg({ mean: 'score' })
      .first();
    ctx.body = {
      model: ctx.params.model,
      count: Number(row?.count ?? 0),
      mean: row?.mean == null ? null : Number(row.mean),
    };
  });

  addModelRoutes(router, kernel);

  const koa = new Koa();
  koa.use(errorStatus);
  koa.use(readJsonBody);
  koa.use(router.routes()).use(router.allowedMethods());
  return { koa, kernel, close: () => kernel.stop() };
}

async function readJsonBody(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  if (ctx.is('application/json')) {
    let text = '';
    for await (const chunk of ctx.req) text += chunk;
    try {
      (ctx.request as unknown as { body: unknown }).body = JSON.parse(text);
    } catch {
      ctx.throw(400, 'the body is not valid JSON');
    }
  }
  await next();
}
