import { InvalidArgumentError } from '@mlops/plugin-api';
import { canonicalStage } from '../validation/canonicalStage.js';
import { validateAlias } from '../validation/validateAlias.js';
import type { MetricRule } from './metricGateOptions.js';

/** A checked rule: `target` is what a transition's `to` says when the rule applies (`Production`, `@champion`). */
export interface GateRule {
  readonly target: string;
  readonly metric: string;
  readonly min?: number;
  readonly max?: number;
}

/**
 * The rules in the form the gate applies them.
 * @throws InvalidArgumentError naming `rules[<i>]` (or one of its fields) for a rule that guards
 * nothing, guards two things, has no bound, or whose min exceeds its max.
 */
export function checkMetricRules(rules: readonly MetricRule[]): GateRule[] {
  return rules.map((rule, i) => {
    const field = `rules[${i}]`;
    if ((rule.stage === undefined) === (rule.alias === undefined)) {
      throw new InvalidArgumentError(`${field} must name a stage or an alias (one of them)`, { field });
    }
    if (rule.min === undefined && rule.max === undefined) {
      throw new InvalidArgumentError(`${field} must set min, max or both`, { field });
    }
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
      throw new InvalidArgumentError(`${field} has min ${rule.min} above max ${rule.max}`, {
        field: `${field}.min`,
      });
    }
    let target: string;
    try {
      target =
        rule.stage !== undefined
          ? canonicalStage(rule.stage, `${field}.stage`)
          : `@${validateAlias(rule.alias)}`;
    } catch (err) {
      if (!(err instanceof InvalidArgumentError) || rule.alias === undefined) throw err;
      throw new InvalidArgumentError(`${field}.${err.message}`, { field: `${field}.alias` }, { cause: err });
    }
    return {
      target,
      metric: rule.metric,
      ...(rule.min === undefined ? {} : { min: rule.min }),
      ...(rule.max === undefined ? {} : { max: rule.max }),
    };
  });
}
