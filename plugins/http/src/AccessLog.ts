import type { Logger } from '@mlops/plugin-api';

/** One answered request, as the access log records it. */
export interface AccessEntry {
  readonly method: string;
  /** The route template, or the unmatched label. */
  readonly route: string;
  readonly status: number;
  readonly ms: number;
  readonly requestId: string;
  readonly ip: string;
  readonly principal: string | undefined;
  /** True when the connection closed before the answer was complete. */
  readonly aborted: boolean;
}

/**
 * The access log: one info line per answered request. Method and route are bound once per route
 * in a child logger, whose bindings pino serialises when it is made rather than on every line;
 * the line reads the same as one logged with every field.
 */
export class AccessLog {
  private readonly byRoute = new Map<string, Logger>();

  constructor(private readonly logger: Logger) {}

  /** Logs `entry`: `GET /api/v1/runs/:runId 200 3ms`, with the fields beside the message. */
  write(entry: AccessEntry): void {
    const { method, route, status, ms, requestId, ip, principal, aborted } = entry;
    const key = `${method} ${route}`;
    let logger = this.byRoute.get(key);
    if (logger === undefined) {
      logger = this.logger.child({ method, route });
      this.byRoute.set(key, logger);
    }
    const fields: Record<string, unknown> = { status, ms: Math.round(ms * 10) / 10, requestId, ip };
    if (principal !== undefined) fields.principal = principal;
    if (aborted) fields.aborted = aborted;
    logger.info(fields, `${key} ${status} ${Math.round(ms)}ms${aborted ? ' (aborted)' : ''}`);
  }
}
