import type { GroupComparison, MetricHistory, Run, RunComparison, RunPage } from './trackingWire.js';
import { fromWireDouble } from './wireDouble.js';

/**
 * Answers whose doubles may arrive as `"NaN"`, `"Infinity"` or `"-Infinity"`, with those turned
 * into numbers. Each takes the parsed JSON as the server sent it.
 */
export const decodeDoubles = {
  run(run: Run): Run {
    if (run.metrics === undefined) return run;
    return { ...run, metrics: run.metrics.map((m) => ({ ...m, value: fromWireDouble(m.value) })) };
  },

  runPage(page: RunPage): RunPage {
    return { ...page, runs: page.runs.map(decodeDoubles.run) };
  },

  history(history: MetricHistory): MetricHistory {
    return { ...history, points: history.points.map((p) => ({ ...p, value: fromWireDouble(p.value) })) };
  },

  comparison(c: RunComparison): RunComparison {
    return {
      ...c,
      metrics: c.metrics.map((m) => ({
        key: m.key,
        values: m.values.map((v) => (v === null ? null : fromWireDouble(v))),
      })),
    };
  },

  groupComparison(c: GroupComparison): GroupComparison {
    const group = (g: GroupComparison['a']) => ({
      n: g.n,
      mean: fromWireDouble(g.mean),
      sd: fromWireDouble(g.sd),
    });
    return {
      ...c,
      a: group(c.a),
      b: group(c.b),
      t: fromWireDouble(c.t),
      df: fromWireDouble(c.df),
      p_value: fromWireDouble(c.p_value),
      mean_difference: fromWireDouble(c.mean_difference),
      confidence_interval: c.confidence_interval.map(fromWireDouble),
      effect_size: fromWireDouble(c.effect_size),
    };
  },
};
