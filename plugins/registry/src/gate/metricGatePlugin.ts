import { BeforeModelTransition, definePlugin, Tracking } from '@mlops/plugin-api';
import { checkMetricRules } from './checkMetricRules.js';
import { metricGate } from './metricGate.js';
import { type MetricGateOptions, metricGateOptionsSchema } from './metricGateOptions.js';

/**
 * A quality gate: refuses a stage transition or alias move when the version's source run does not
 * meet a metric threshold (or has no such metric, or no run: it fails closed). Its veto reaches the
 * caller as `promotion of churn/3 to Production refused by @mlops/plugin-registry/metric-gate: <reason>`.
 * @throws InvalidArgumentError (through the kernel's setup error) for a rule that guards nothing
 * or has no bound.
 * @example
 * plugins: [storeSqlPlugin(), trackingPlugin(), registryPlugin(),
 *   metricGatePlugin({ rules: [{ stage: 'Production', metric: 'val_auc', min: 0.9 }] })]
 */
export const metricGatePlugin = definePlugin<MetricGateOptions>({
  name: '@mlops/plugin-registry/metric-gate',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'vetoes promotions whose source run misses a metric threshold',
  requires: [Tracking],
  configSchema: metricGateOptionsSchema,
  setup(ctx) {
    const rules = checkMetricRules(ctx.options.rules);
    ctx.hooks.intercept(BeforeModelTransition, metricGate(ctx.get(Tracking), rules));
  },
});
