import { definePlugin, LoggedModels, ServingBackend, Tracking } from '@mlops/plugin-api';
import { BentoBackend } from './BentoBackend.js';
import { type ServingBentomlOptions, servingBentomlOptionsSchema } from './options.js';

/**
 * The `bentoml` backend of plugins/serving: a deployment with `backend: 'bentoml'` is served by a
 * running BentoML server (`options.url`) or by a BentoCloud deployment this backend creates,
 * generating and building the Bento from the model version when no prebuilt one is named.
 * @example
 * export default defineConfig({ plugins: [sqlStorePlugin(), trackingPlugin(), registryPlugin(),
 *   servingPlugin(), servingBentomlPlugin({ workDir: '/var/lib/mlops/bentoml' })] });
 */
export const servingBentomlPlugin = definePlugin<ServingBentomlOptions>({
  name: '@mlops/plugin-serving-bentoml',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'BentoML deployment backend: a BentoML server by URL, or BentoCloud',
  provides: [ServingBackend],
  // Tracking and LoggedModels are read only when a Bento is generated from artifacts, long after setup.
  late: [Tracking, LoggedModels],
  configSchema: servingBentomlOptionsSchema,
  setup(ctx) {
    ctx.provide(
      ServingBackend,
      new BentoBackend(ctx.options, {
        get tracking() {
          return ctx.find(Tracking);
        },
        get loggedModels() {
          return ctx.find(LoggedModels);
        },
        logger: ctx.logger,
      }),
    );
  },
});
