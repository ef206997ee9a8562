import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  applyReadScope,
  FailedPreconditionError,
  InvalidArgumentError,
  isUniqueViolation,
  NotFoundError,
  type ReadScope,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type {
  Distribution,
  NewTrial,
  ParamValue,
  StudyDirection,
  StudyRecord,
  TrialPage,
  TrialRecord,
  TrialState,
} from '../study/StudyStorage.js';
import type { ScopedStudyStorage } from './ScopedStudyStorage.js';
import {
  encodeValues,
  type IntermediateRow,
  intermediateValue,
  type ParamRow,
  type StudyRow,
  type TrialRow,
  toInt,
  toStudyRecord,
  toTrialRecord,
} from './studyRows.js';

/** How many ids one `IN (...)` list carries, well under SQLite's and PostgreSQL's bind limits. */
const inListSize = 500;

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidArgumentError(`limit must be a positive integer, got ${limit}`, { field: 'limit' });
  }
}

/**
 * `StudyStorage` on a knex handle of the `Database` port (SQLite or PostgreSQL), shared safely by
 * several processes: trial numbers come from a per-study counter incremented in the transaction
 * that inserts the trial, state changes are conditional updates (`... WHERE state = 'RUNNING'`),
 * and `markStale` is one `UPDATE ... RETURNING`. Trials are read by number and in pages.
 * Every write that starts a transaction writes first, so on SQLite it waits for another
 * process's write lock instead of failing on a lock upgrade.
 */
export class SqlStudyStorage implements ScopedStudyStorage {
  /**
   * @param db the plugin's knex handle, migrated with `migrations`.
   * @param now the clock, in milliseconds (tests pass a fake one).
   */
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async createStudy(init: {
    name: string;
    directions: readonly StudyDirection[];
    config: Record<string, unknown>;
    userAttrs?: Record<string, unknown>;
  }): Promise<StudyRecord> {
    const row: StudyRow & { next_number: number } = {
      study_id: randomUUID(),
      name: init.name,
      directions: JSON.stringify(init.directions),
      config: JSON.stringify(init.config),
      created_at: this.now(),
      next_number: 0,
    };
    const attrs = Object.entries(init.userAttrs ?? {});
    try {
      await this.db.transaction(async (trx) => {
        await trx('hpo_studies').insert(row);
        if (attrs.length > 0) {
          await trx('hpo_study_attrs').insert(
            attrs.map(([key, value]) => ({ study_id: row.study_id, key, value_json: JSON.stringify(value) })),
          );
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AlreadyExistsError(
          `study "${init.name}" already exists`,
          { field: 'name' },
          { cause: err },
        );
      }
      throw err;
    }
    return toStudyRecord(row, structuredClone(init.userAttrs ?? {}));
  }

  async findStudy(nameOrId: string): Promise<StudyRecord | undefined> {
    const rows = (await this.db('hpo_studies')
      .where('study_id', nameOrId)
      .orWhere('name', nameOrId)
      .select('study_id', 'name', 'directions', 'config', 'created_at')) as StudyRow[];
    const row = rows.find((r) => r.study_id === nameOrId) ?? rows[0];
    if (row === undefined) return undefined;
    return toStudyRecord(row, (await this.attrsOf([row.study_id])).get(row.study_id) ?? {});
  }

  async listStudies(page: {
    after?: string;
    limit: number;
    readable?: ReadScope;
  }): Promise<{ studies: StudyRecord[]; next?: string }> {
    checkLimit(page.limit);
    const query = this.db('hpo_studies')
      .select('study_id', 'name', 'directions', 'config', 'created_at')
      .orderBy('name')
      .limit(page.limit + 1);
    if (page.after !== undefined) query.where('name', '>', page.after);
    if (page.readable !== undefined) applyReadScope(query, 'study_id', page.readable);
    const rows = (await query) as StudyRow[];
    const kept = rows.slice(0, page.limit);
    const attrs = await this.attrsOf(kept.map((r) => r.study_id));
    const studies = kept.map((r) => toStudyRecord(r, attrs.get(r.study_id) ?? {}));
    return rows.length > page.limit ? { studies, next: kept[kept.length - 1]!.name } : { studies };
  }

  async createTrial(studyId: string, init: NewTrial): Promise<TrialRecord> {
    const now = this.now();
    const number = await this.db.transaction(async (trx) => {
      // The increment locks the study's row (SQLite: the database) until commit, so a concurrent
      // createTrial, here or in another process, reads the counter only after this one's insert.
      const counted = (await trx('hpo_studies')
        .where('study_id', studyId)
        .increment('next_number', 1)
        .returning('next_number')) as { next_number: number | string }[];
      const next = counted[0];
      if (next === undefined) throw this.noStudy(studyId);
      const allocated = toInt(next.next_number) - 1;
      await trx('hpo_trials').insert({
        study_id: studyId,
        number: allocated,
        state: 'RUNNING',
        invalid: false,
        started_at: now,
        heartbeat_at: now,
        run_id: init.runId ?? null,
        user_attrs: '{}',
      });
      const params = Object.entries(init.params ?? {});
      if (params.length > 0) {
        await trx('hpo_trial_params').insert(
          params.map(([name, value]) => ({
            study_id: studyId,
            number: allocated,
            name,
            value_json: JSON.stringify(value),
            distribution_json: JSON.stringify(this.distributionOf(init.distributions, name)),
          })),
        );
      }
      return allocated;
    });
    return (await this.getTrial(studyId, number))!;
  }

  async setParam(
    studyId: string,
    number: number,
    name: string,
    value: ParamValue,
    distribution: Distribution,
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await this.lockRunning(trx, studyId, number);
      await trx('hpo_trial_params')
        .insert({
          study_id: studyId,
          number,
          name,
          value_json: JSON.stringify(value),
          distribution_json: JSON.stringify(distribution),
        })
        .onConflict(['study_id', 'number', 'name'])
        .merge(['value_json', 'distribution_json']);
    });
  }

  async reportIntermediate(studyId: string, number: number, step: number, value: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      await this.lockRunning(trx, studyId, number);
      await trx('hpo_trial_intermediate')
        .insert({ study_id: studyId, number, step, value: intermediateValue.toRow(value) })
        .onConflict(['study_id', 'number', 'step'])
        .merge(['value']);
    });
  }

  async finishTrial(
    studyId: string,
    number: number,
    state: 'COMPLETE' | 'PRUNED' | 'FAIL',
    values?: readonly number[],
  ): Promise<TrialRecord> {
    const changed = await this.db('hpo_trials')
      .where({ study_id: studyId, number, state: 'RUNNING' })
      .update({
        state,
        finished_at: this.now(),
        ...(values === undefined ? {} : { values_json: encodeValues(values) }),
      });
    if (changed === 0) throw await this.notRunning(studyId, number);
    return (await this.getTrial(studyId, number))!;
  }

  async heartbeat(studyId: string, number: number): Promise<void> {
    const changed = await this.db('hpo_trials')
      .where({ study_id: studyId, number, state: 'RUNNING' })
      .update({ heartbeat_at: this.now() });
    if (changed === 0) throw await this.notRunning(studyId, number);
  }

  async markStale(studyId: string, olderThan: number): Promise<number[]> {
    const rows = (await this.db('hpo_trials')
      .where({ study_id: studyId, state: 'RUNNING' })
      .andWhereRaw('COALESCE(heartbeat_at, started_at, 0) < ?', [olderThan])
      .update({ state: 'STALE', finished_at: this.now() })
      .returning('number')) as { number: number | string }[];
    if (rows.length === 0) await this.requireStudy(studyId);
    return rows.map((r) => toInt(r.number)).sort((a, b) => a - b);
  }

  async setInvalid(studyId: string, number: number, invalid: boolean): Promise<void> {
    const changed = await this.db('hpo_trials').where({ study_id: studyId, number }).update({ invalid });
    if (changed === 0) {
      await this.requireStudy(studyId);
      throw this.noTrial(studyId, number);
    }
  }

  async getTrial(studyId: string, number: number): Promise<TrialRecord | undefined> {
    const row = (await this.db('hpo_trials').where({ study_id: studyId, number }).first()) as
      | TrialRow
      | undefined;
    if (row === undefined) {
      await this.requireStudy(studyId);
      return undefined;
    }
    return (await this.withDetails(studyId, [row]))[0];
  }

  async listTrials(
    studyId: string,
    page: { after?: number; limit: number; states?: readonly TrialState[] },
  ): Promise<TrialPage> {
    checkLimit(page.limit);
    const query = this.db('hpo_trials')
      .where('study_id', studyId)
      .orderBy('number')
      .limit(page.limit + 1);
    if (page.after !== undefined) query.andWhere('number', '>', page.after);
    if (page.states !== undefined) query.whereIn('state', [...page.states]);
    const rows = (await query) as TrialRow[];
    if (rows.length === 0) await this.requireStudy(studyId);
    const trials = await this.withDetails(studyId, rows.slice(0, page.limit));
    return rows.length > page.limit ? { trials, nextAfter: trials[trials.length - 1]!.number } : { trials };
  }

  async countTrials(studyId: string, states?: readonly TrialState[]): Promise<number> {
    const query = this.db('hpo_trials').where('study_id', studyId).count({ n: '*' });
    if (states !== undefined) query.whereIn('state', [...states]);
    const n = toInt(((await query.first()) as { n: number | string }).n);
    if (n === 0) await this.requireStudy(studyId);
    return n;
  }

  /** Params and intermediate values of a page of trials, in two queries. */
  private async withDetails(studyId: string, rows: readonly TrialRow[]): Promise<TrialRecord[]> {
    const numbers = rows.map((r) => toInt(r.number));
    const params = new Map<number, ParamRow[]>();
    const intermediate = new Map<number, IntermediateRow[]>();
    for (let i = 0; i < numbers.length; i += inListSize) {
      const chunk = numbers.slice(i, i + inListSize);
      const paramRows = (await this.db('hpo_trial_params')
        .where('study_id', studyId)
        .whereIn('number', chunk)
        .orderBy(['number', 'name'])
        .select('number', 'name', 'value_json', 'distribution_json')) as ParamRow[];
      for (const p of paramRows) push(params, toInt(p.number), p);
      const valueRows = (await this.db('hpo_trial_intermediate')
        .where('study_id', studyId)
        .whereIn('number', chunk)
        .orderBy(['number', 'step'])
        .select('number', 'step', 'value')) as IntermediateRow[];
      for (const v of valueRows) push(intermediate, toInt(v.number), v);
    }
    return rows.map((row) => {
      const n = toInt(row.number);
      return toTrialRecord(row, params.get(n) ?? [], intermediate.get(n) ?? []);
    });
  }

  private async attrsOf(studyIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    const attrs = new Map<string, Record<string, unknown>>();
    if (studyIds.length === 0) return attrs;
    const rows = (await this.db('hpo_study_attrs')
      .whereIn('study_id', [...studyIds])
      .orderBy(['study_id', 'key'])
      .select('study_id', 'key', 'value_json')) as { study_id: string; key: string; value_json: string }[];
    for (const r of rows) {
      const own = attrs.get(r.study_id) ?? {};
      own[r.key] = JSON.parse(r.value_json);
      attrs.set(r.study_id, own);
    }
    return attrs;
  }

  /** Locks a RUNNING trial's row for the rest of `trx` (a write, so SQLite takes its write lock now). */
  private async lockRunning(trx: Knex.Transaction, studyId: string, number: number): Promise<void> {
    const changed = await trx('hpo_trials')
      .where({ study_id: studyId, number, state: 'RUNNING' })
      .update({ state: 'RUNNING' });
    if (changed === 0) throw await this.notRunning(studyId, number, trx);
  }

  /** Why a conditional update of a RUNNING trial changed nothing. */
  private async notRunning(studyId: string, number: number, db: Knex = this.db): Promise<Error> {
    const row = (await db('hpo_trials').where({ study_id: studyId, number }).first('state')) as
      | { state: TrialState }
      | undefined;
    if (row !== undefined) {
      return new FailedPreconditionError(`trial ${number} is ${row.state}, not RUNNING`, { field: 'number' });
    }
    const study = await db('hpo_studies').where('study_id', studyId).first('study_id');
    return study === undefined ? this.noStudy(studyId) : this.noTrial(studyId, number);
  }

  private async requireStudy(studyId: string): Promise<void> {
    const study = await this.db('hpo_studies').where('study_id', studyId).first('study_id');
    if (study === undefined) throw this.noStudy(studyId);
  }

  private distributionOf(
    distributions: Record<string, Distribution> | undefined,
    name: string,
  ): Distribution {
    const distribution = distributions?.[name];
    if (distribution === undefined) {
      throw new InvalidArgumentError(`param "${name}" has no distribution`, {
        field: `distributions.${name}`,
      });
    }
    return distribution;
  }

  private noStudy(studyId: string): NotFoundError {
    return new NotFoundError(`study "${studyId}" does not exist`, { field: 'studyId' });
  }

  private noTrial(studyId: string, number: number): NotFoundError {
    return new NotFoundError(`study "${studyId}" has no trial ${number}`, { field: 'number' });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
