import { NotFoundError, type TrafficExperiment } from '@mlops/plugin-api';
import type { Knex } from 'knex';

interface ExperimentRow {
  deployment: string;
  kind: 'canary' | 'shadow';
  version: number;
  percent: number;
  sticky_by: string | null;
  max_error_rate: number | null;
  max_latency_ms: number | null;
  min_requests: number;
  status: TrafficExperiment['status'];
  status_reason: string | null;
  started_by: string;
  started_at: number | string;
  /** JSON of {@link ExperimentOptions}; null for rows written before the column. */
  options: string | null;
}

/** The fields kept in the `options` JSON column. */
type ExperimentOptions = Pick<
  RecordedExperiment,
  | 'maxErrorRateIncrease'
  | 'maxLatencyRatio'
  | 'steps'
  | 'stepMinRequests'
  | 'stepMinMs'
  | 'shadowConcurrency'
  | 'step'
>;

/** An experiment as recorded, without the in-memory counts. */
export type RecordedExperiment = Omit<TrafficExperiment, 'champion' | 'challenger' | 'shadowDropped'>;

function toExperiment(row: ExperimentRow): RecordedExperiment {
  const options = JSON.parse(row.options ?? '{}') as Partial<ExperimentOptions>;
  return {
    deployment: row.deployment,
    kind: row.kind,
    version: Number(row.version),
    percent: Number(row.percent),
    ...(row.sticky_by === null ? {} : { stickyBy: row.sticky_by }),
    ...(row.max_error_rate === null ? {} : { maxErrorRate: Number(row.max_error_rate) }),
    ...(row.max_latency_ms === null ? {} : { maxLatencyMs: Number(row.max_latency_ms) }),
    minRequests: Number(row.min_requests),
    status: row.status,
    ...(row.status_reason === null ? {} : { statusReason: row.status_reason }),
    startedBy: row.started_by,
    startedAt: Number(row.started_at),
    ...(options.maxErrorRateIncrease === undefined
      ? {}
      : { maxErrorRateIncrease: options.maxErrorRateIncrease }),
    ...(options.maxLatencyRatio === undefined ? {} : { maxLatencyRatio: options.maxLatencyRatio }),
    steps: options.steps ?? [],
    stepMinRequests: options.stepMinRequests ?? Number(row.min_requests),
    stepMinMs: options.stepMinMs ?? 0,
    shadowConcurrency: options.shadowConcurrency ?? 16,
    step: options.step ?? 0,
  };
}

/** The latest experiment of each deployment, in the Database port. */
export class ExperimentStore {
  constructor(private readonly db: Knex) {}

  /** Records `experiment` as the deployment's latest, replacing an ended one. */
  async save(experiment: RecordedExperiment): Promise<void> {
    const row: ExperimentRow = {
      deployment: experiment.deployment,
      kind: experiment.kind,
      version: experiment.version,
      percent: experiment.percent,
      sticky_by: experiment.stickyBy ?? null,
      max_error_rate: experiment.maxErrorRate ?? null,
      max_latency_ms: experiment.maxLatencyMs ?? null,
      min_requests: experiment.minRequests,
      status: experiment.status,
      status_reason: experiment.statusReason ?? null,
      started_by: experiment.startedBy,
      started_at: experiment.startedAt,
      options: JSON.stringify({
        maxErrorRateIncrease: experiment.maxErrorRateIncrease,
        maxLatencyRatio: experiment.maxLatencyRatio,
        steps: experiment.steps,
        stepMinRequests: experiment.stepMinRequests,
        stepMinMs: experiment.stepMinMs,
        shadowConcurrency: experiment.shadowConcurrency,
        step: experiment.step,
      } satisfies ExperimentOptions),
    };
    await this.db('serving_experiments').insert(row).onConflict('deployment').merge();
  }

  /** @throws NotFoundError when the deployment never had one. */
  async get(deployment: string): Promise<RecordedExperiment> {
    const row = (await this.db('serving_experiments').where({ deployment }).first()) as
      | ExperimentRow
      | undefined;
    if (row === undefined) {
      throw new NotFoundError(`deployment "${deployment}" has no experiment`, { field: 'name' });
    }
    return toExperiment(row);
  }

  /** Every running experiment. */
  async running(): Promise<RecordedExperiment[]> {
    const rows = (await this.db('serving_experiments').where({ status: 'running' })) as ExperimentRow[];
    return rows.map(toExperiment);
  }
}
