import type { Metrics } from '@mlops/plugin-api';
import { Counter, collectDefaultMetrics, Histogram } from 'prom-client';

/** The route label of requests that matched no route, so scanners cannot grow the label set. */
export const unmatchedRoute = '(unmatched)';

/**
 * Request counts and latencies in the kernel's registry, labelled by route template (never the
 * raw URL, whose ids would make one series per resource), plus the process's default metrics.
 */
export class HttpMetrics {
  // One frozen labels object per method, route and status: prom-client keeps the first one it
  // sees, and the set is bounded by the route table (unmatched paths share one route label).
  private readonly labels = new Map<string, Readonly<Record<'method' | 'route' | 'status', string>>>();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request to the end of the answer, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Another plugin may have asked for them in this registry already; twice would clash.
    if (metrics.registry.getSingleMetric('process_cpu_user_seconds_total') === undefined) {
      collectDefaultMetrics({ register: metrics.registry });
    }
  }

  /** Records one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${status} ${method} ${route}`;
    let labels = this.labels.get(key);
    if (labels === undefined) {
      labels = Object.freeze({ method, route, status: String(status) });
      this.labels.set(key, labels);
    }
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
