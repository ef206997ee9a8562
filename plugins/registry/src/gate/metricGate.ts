import {
  type InterceptorHandler,
  isMlopsError,
  type ModelTransition,
  pass,
  type Run,
  type Tracking,
  veto,
} from '@mlops/plugin-api';
import type { GateRule } from './checkMetricRules.js';

/** Why `rule` refuses `run`, or undefined when the run meets it. */
function breach(rule: GateRule, run: Run): string | undefined {
  const runId = run.info.runId;
  const metric = run.data.metrics.find((m) => m.key === rule.metric);
  if (metric === undefined) return `${rule.metric} is not logged on run ${runId}`;
  const { value } = metric;
  if (Number.isNaN(value)) return `${rule.metric} of run ${runId} is NaN`;
  if (rule.min !== undefined && value < rule.min) {
    return `${rule.metric} ${value} of run ${runId} is below the minimum ${rule.min}`;
  }
  if (rule.max !== undefined && value > rule.max) {
    return `${rule.metric} ${value} of run ${runId} is above the maximum ${rule.max}`;
  }
  return undefined;
}

/**
 * The BeforeModelTransition interceptor of the metric gate. For a move its rules guard, it reads
 * the source run's latest metrics from Tracking and vetoes when a metric is missing, NaN or out of
 * bounds, and when there is no source run to read (fail closed). Moves no rule guards pass.
 */
export function metricGate(
  tracking: Tracking,
  rules: readonly GateRule[],
): InterceptorHandler<ModelTransition> {
  return async (transition) => {
    const applicable = rules.filter((rule) => rule.target === transition.to);
    if (applicable.length === 0) return pass();
    const { ref, runId, call } = transition;
    const version = `${ref.model}/${ref.version}`;
    const metrics = applicable.map((r) => r.metric).join(', ');
    if (runId === undefined) return veto(`${version} has no source run, so ${metrics} cannot be checked`);
    let run: Run;
    try {
      run = await tracking.getRun(runId, call);
    } catch (err) {
      if (isMlopsError(err, 'NotFound')) return veto(`source run ${runId} of ${version} is not in tracking`);
      throw err;
    }
    for (const rule of applicable) {
      const reason = breach(rule, run);
      if (reason !== undefined) return veto(reason);
    }
    return pass();
  };
}
