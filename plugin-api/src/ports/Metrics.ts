import type { Registry } from 'prom-client';
import { createToken } from '../Token.js';

/** The kernel's Prometheus registry; register prom-client metrics with `registers: [metrics.registry]`. */
export interface Metrics {
  readonly registry: Registry;
}

/** The kernel's metrics registry (provided by the kernel itself). */
export const Metrics = createToken<Metrics>({ id: 'core.metrics', description: 'prom-client registry' });
