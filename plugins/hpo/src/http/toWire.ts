import type { HpoStudyCompletedPayload } from '@mlops/plugin-api';
import type { StudyRecord, TrialRecord } from '../study/StudyStorage.js';

/** A double as JSON carries it: NaN and the infinities as strings. */
export function wireDouble(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** The inverse of {@link wireDouble}. */
export function fromWireDouble(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Records as the `/api/v1/hpo` routes send them: snake_case fields, optional ones left out. */
export const toWire = {
  study(study: StudyRecord) {
    return {
      study_id: study.id,
      name: study.name,
      directions: study.directions,
      created_at: study.createdAt,
      config: study.config,
      user_attrs: study.userAttrs,
    };
  },
  trial(trial: TrialRecord) {
    return {
      study_id: trial.studyId,
      number: trial.number,
      state: trial.state,
      params: trial.params,
      distributions: trial.distributions,
      ...(trial.values === undefined ? {} : { values: trial.values.map(wireDouble) }),
      intermediate_values: trial.intermediate.map(([step, value]) => [step, wireDouble(value)]),
      invalid: trial.invalid,
      ...(trial.startedAt === undefined ? {} : { started_at: trial.startedAt }),
      ...(trial.finishedAt === undefined ? {} : { finished_at: trial.finishedAt }),
      ...(trial.heartbeatAt === undefined ? {} : { heartbeat_at: trial.heartbeatAt }),
      ...(trial.runId === undefined ? {} : { run_id: trial.runId }),
      user_attrs: trial.userAttrs,
    };
  },
  completed(payload: HpoStudyCompletedPayload) {
    return {
      study_id: payload.studyId,
      study_name: payload.studyName,
      directions: payload.directions,
      best_params: payload.bestParams,
      best_trials: payload.bestTrials.map((t) => ({
        number: t.number,
        params: t.params,
        values: t.values.map(wireDouble),
      })),
      trial_counts: payload.trialCounts,
      ...(payload.bestRunId === undefined ? {} : { best_run_id: payload.bestRunId }),
    };
  },
};
