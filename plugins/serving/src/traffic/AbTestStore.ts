import { type AbTest, type AbTestArm, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';

interface AbTestRow {
  id: string;
  deployment: string;
  metric: AbTest['metric'];
  goal: AbTest['goal'];
  arms: string;
  baseline: number;
  minimum_detectable_effect: number;
  standard_deviation: number | null;
  alpha: number;
  power: number;
  sample_size_per_arm: number;
  status: AbTest['status'];
  status_reason: string | null;
  winner: string | null;
  started_by: string;
  started_at: number | string;
  ended_at: number | string | null;
}

/** One request an A/B test routed. */
export interface Assignment {
  readonly testId: string;
  readonly requestId: string;
  readonly arm: string;
  readonly assignedAt: number;
}

/** SQLite's limit on bound variables allows 5-column inserts of this many rows at once. */
const insertChunk = 500;

function toAbTest(row: AbTestRow): AbTest {
  return {
    id: row.id,
    deployment: row.deployment,
    metric: row.metric,
    goal: row.goal,
    arms: JSON.parse(row.arms) as AbTestArm[],
    baseline: Number(row.baseline),
    minimumDetectableEffect: Number(row.minimum_detectable_effect),
    ...(row.standard_deviation === null ? {} : { standardDeviation: Number(row.standard_deviation) }),
    alpha: Number(row.alpha),
    power: Number(row.power),
    sampleSizePerArm: Number(row.sample_size_per_arm),
    status: row.status,
    ...(row.status_reason === null ? {} : { statusReason: row.status_reason }),
    ...(row.winner === null ? {} : { winner: row.winner }),
    startedBy: row.started_by,
    startedAt: Number(row.started_at),
    ...(row.ended_at === null ? {} : { endedAt: Number(row.ended_at) }),
  };
}

/** A/B tests, their assignments and outcomes, in the Database port. */
export class AbTestStore {
  constructor(private readonly db: Knex) {}

  async create(test: AbTest): Promise<void> {
    const row: AbTestRow = {
      id: test.id,
      deployment: test.deployment,
      metric: test.metric,
      goal: test.goal,
      arms: JSON.stringify(test.arms),
      baseline: test.baseline,
      minimum_detectable_effect: test.minimumDetectableEffect,
      standard_deviation: test.standardDeviation ?? null,
      alpha: test.alpha,
      power: test.power,
      sample_size_per_arm: test.sampleSizePerArm,
      status: test.status,
      status_reason: null,
      winner: null,
      started_by: test.startedBy,
      started_at: test.startedAt,
      ended_at: null,
    };
    await this.db('serving_ab_tests').insert(row);
  }

  /** Records how a running test ended. */
  async finish(
    id: string,
    end: { status: AbTest['status']; statusReason: string; winner?: string; endedAt: number },
  ): Promise<void> {
    await this.db('serving_ab_tests')
      .where({ id })
      .update({
        status: end.status,
        status_reason: end.statusReason,
        winner: end.winner ?? null,
        ended_at: end.endedAt,
      });
  }

  /** @throws NotFoundError naming `id` when the deployment has no such test. */
  async get(deployment: string, id: string): Promise<AbTest> {
    const row = (await this.db('serving_ab_tests').where({ deployment, id }).first()) as
      | AbTestRow
      | undefined;
    if (row === undefined) {
      throw new NotFoundError(`deployment "${deployment}" has no A/B test "${id}"`, { field: 'id' });
    }
    return toAbTest(row);
  }

  /** The deployment's tests, newest first. */
  async list(deployment: string): Promise<AbTest[]> {
    const rows = (await this.db('serving_ab_tests')
      .where({ deployment })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])) as AbTestRow[];
    return rows.map(toAbTest);
  }

  async running(): Promise<AbTest[]> {
    const rows = (await this.db('serving_ab_tests').where({ status: 'running' })) as AbTestRow[];
    return rows.map(toAbTest);
  }

  /** Appends assignments; a request id already assigned keeps its first arm. */
  async assign(assignments: readonly Assignment[]): Promise<void> {
    for (let i = 0; i < assignments.length; i += insertChunk) {
      const rows = assignments.slice(i, i + insertChunk).map((a) => ({
        test_id: a.testId,
        request_id: a.requestId,
        arm: a.arm,
        assigned_at: a.assignedAt,
      }));
      await this.db('serving_ab_assignments').insert(rows).onConflict(['test_id', 'request_id']).ignore();
    }
  }

  /** The request's arm and outcome, or undefined when the test did not assign it. */
  async assignment(
    testId: string,
    requestId: string,
  ): Promise<{ arm: string; outcome: number | null } | undefined> {
    const row = (await this.db('serving_ab_assignments')
      .where({ test_id: testId, request_id: requestId })
      .first('arm', 'outcome')) as { arm: string; outcome: number | null } | undefined;
    return row === undefined
      ? undefined
      : { arm: row.arm, outcome: row.outcome === null ? null : Number(row.outcome) };
  }

  /** Sets the outcome of an assignment that has none; false when it had one already. */
  async setOutcome(testId: string, requestId: string, value: number, at: number): Promise<boolean> {
    const updated = await this.db('serving_ab_assignments')
      .where({ test_id: testId, request_id: requestId })
      .whereNull('outcome')
      .update({ outcome: value, outcome_at: at });
    return updated === 1;
  }

  /** Assignments per arm. */
  async assignedPerArm(testId: string): Promise<Map<string, number>> {
    const rows = (await this.db('serving_ab_assignments')
      .where({ test_id: testId })
      .groupBy('arm')
      .select('arm')
      .count({ n: '*' })) as { arm: string; n: number | string }[];
    return new Map(rows.map((r) => [r.arm, Number(r.n)]));
  }

  /** The outcomes posted, per arm, in the order of their request ids. */
  async outcomesPerArm(testId: string): Promise<Map<string, number[]>> {
    const rows = (await this.db('serving_ab_assignments')
      .where({ test_id: testId })
      .whereNotNull('outcome')
      .orderBy('request_id')
      .select('arm', 'outcome')) as { arm: string; outcome: number }[];
    const byArm = new Map<string, number[]>();
    for (const row of rows) {
      const values = byArm.get(row.arm) ?? [];
      values.push(Number(row.outcome));
      byArm.set(row.arm, values);
    }
    return byArm;
  }
}
