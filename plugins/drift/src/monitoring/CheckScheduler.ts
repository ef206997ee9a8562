import { type Logger, systemCall } from '@mlops/plugin-api';
import type { SqlDriftService } from './SqlDriftService.js';

/**
 * Checks, every `intervalMs`, each model version that received batches since its last check.
 * A round never overlaps the previous one; a failing check is logged and the others go on.
 */
export class CheckScheduler {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(
    private readonly service: SqlDriftService,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.round ??= this.runRound().finally(() => {
        this.round = undefined;
      });
    }, this.intervalMs);
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** One round: every due version, one after the other. */
  async runRound(): Promise<void> {
    const call = systemCall('drift-schedule');
    for (const ref of await this.service.versionsDue()) {
      try {
        const { id, report } = await this.service.check(ref, {}, call);
        this.logger.info(
          { model: ref.model, version: ref.version, reportId: id, drift: report.datasetDrift },
          'drift check',
        );
      } catch (err) {
        this.logger.error({ model: ref.model, version: ref.version, err }, 'scheduled drift check failed');
      }
    }
  }
}
