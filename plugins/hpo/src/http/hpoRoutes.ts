import {
  FailedPreconditionError,
  type HttpRequest,
  InvalidArgumentError,
  NotFoundError,
  type RouteDefinition,
} from '@mlops/plugin-api';
import type { Hpo, StudySpec } from '../HpoService.js';
import { studyReportCsp } from '../report/renderStudyReport.js';
import type { TrialState } from '../study/StudyStorage.js';
import { hpoSchemas as s } from './hpoSchemas.js';
import { readSearchSpace, type WireDistribution } from './readSearchSpace.js';
import { studyPermission } from './studyPermission.js';
import { fromWireDouble, toWire, wireDouble } from './toWire.js';

const base = '/api/v1/hpo/studies';
const study = `${base}/:studyId`;
const trial = `${study}/trials/:number`;

function route(definition: Omit<RouteDefinition, 'tags' | 'errorStyle'>): RouteDefinition {
  return { ...definition, tags: ['hpo'], errorStyle: 'native' };
}

const studyId = (request: HttpRequest) => request.params.studyId!;
const number = (request: HttpRequest) => Number(request.params.number);

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // Falls through to the error below: any undecodable token is the caller's mistake.
  }
  throw new InvalidArgumentError(`page_token "${token}" is not a token this server gave out`, {
    field: 'page_token',
  });
}

/** The `/api/v1/hpo` routes: studies, ask/tell, trials, best trials, importances, plot data and the report. */
export function hpoRoutes(hpo: Hpo): RouteDefinition[] {
  return [
    route({
      method: 'POST',
      path: base,
      summary: 'Create a study (or load the one of that name with load_if_exists)',
      permission: 'authenticated',
      schema: { body: s.createStudy, response: { 200: s.studyOut, 201: s.studyOut } },
      async handler(request) {
        const b = request.body as {
          name: string;
          direction?: StudySpec['direction'];
          directions?: StudySpec['directions'];
          sampler?: StudySpec['sampler'];
          pruner?: StudySpec['pruner'];
          seed?: number;
          user_attrs?: Record<string, unknown>;
          load_if_exists: boolean;
        };
        const { study: created, created: isNew } = await hpo.createStudyRecord(
          {
            name: b.name,
            ...(b.direction === undefined ? {} : { direction: b.direction }),
            ...(b.directions === undefined ? {} : { directions: b.directions }),
            ...(b.sampler === undefined ? {} : { sampler: b.sampler }),
            ...(b.pruner === undefined ? {} : { pruner: b.pruner }),
            ...(b.seed === undefined ? {} : { seed: b.seed }),
            ...(b.user_attrs === undefined ? {} : { userAttrs: b.user_attrs }),
            loadIfExists: b.load_if_exists,
          },
          request.call,
        );
        return {
          status: isNew ? 201 : 200,
          headers: { Location: `${base}/${encodeURIComponent(created.id)}` },
          body: toWire.study(created),
        };
      },
    }),
    route({
      method: 'GET',
      path: base,
      summary: 'List studies by name, a page at a time (page_token / next_page_token)',
      permission: 'authenticated',
      schema: { query: s.listStudies, response: { 200: s.studyPage } },
      async handler(request) {
        const q = request.query as { max_results: number; page_token?: string };
        const page = await hpo.listStudies(
          {
            limit: q.max_results,
            ...(q.page_token === undefined ? {} : { after: decodeToken(q.page_token) }),
          },
          request.call,
        );
        return {
          studies: page.studies.map(toWire.study),
          ...(page.next === undefined ? {} : { next_page_token: encodeToken(page.next) }),
        };
      },
    }),
    route({
      method: 'GET',
      path: study,
      summary: 'Get a study',
      permission: studyPermission('READ'),
      schema: { params: s.studyParams, response: { 200: s.studyOut } },
      async handler(request) {
        const found = await hpo.getStudy(studyId(request), request.call);
        // Ids only: permissions are granted on study ids, and a name could shadow another study's id.
        if (found.id !== studyId(request)) {
          throw new NotFoundError(`study "${studyId(request)}" does not exist`, { field: 'studyId' });
        }
        return toWire.study(found);
      },
    }),
    route({
      method: 'POST',
      path: `${study}/trials`,
      summary: 'Ask: start a trial and suggest a value for each parameter of the search space',
      permission: studyPermission('EDIT'),
      schema: { params: s.studyParams, body: s.ask, response: { 201: s.trialOut } },
      async handler(request) {
        const b = request.body as { search_space?: Record<string, WireDistribution> };
        const asked = await hpo.ask(studyId(request), readSearchSpace(b.search_space ?? {}), request.call);
        return {
          status: 201,
          headers: { Location: `${base}/${encodeURIComponent(asked.studyId)}/trials/${asked.number}` },
          body: toWire.trial(asked),
        };
      },
    }),
    route({
      method: 'GET',
      path: `${study}/trials`,
      summary: 'Trials in number order with their intermediate values, a page at a time (after / next_after)',
      permission: studyPermission('READ'),
      schema: { params: s.studyParams, query: s.listTrials, response: { 200: s.trialPage } },
      async handler(request) {
        const q = request.query as {
          after?: number;
          max_results: number;
          states?: TrialState | TrialState[];
        };
        const states = q.states === undefined ? undefined : Array.isArray(q.states) ? q.states : [q.states];
        const page = await hpo.listTrials(
          studyId(request),
          {
            limit: q.max_results,
            ...(q.after === undefined || q.after < 0 ? {} : { after: q.after }),
            ...(states === undefined ? {} : { states }),
          },
          request.call,
        );
        return {
          trials: page.trials.map(toWire.trial),
          ...(page.nextAfter === undefined ? {} : { next_after: page.nextAfter }),
        };
      },
    }),
    route({
      method: 'GET',
      path: trial,
      summary: 'Get a trial with its intermediate values',
      permission: studyPermission('READ'),
      schema: { params: s.trialParams, response: { 200: s.trialOut } },
      async handler(request) {
        return toWire.trial(await hpo.getTrial(studyId(request), number(request), request.call));
      },
    }),
    route({
      method: 'PATCH',
      path: trial,
      summary: 'Mark a trial invalid (kept, but ignored by samplers and best-trial queries) or valid again',
      permission: studyPermission('EDIT'),
      schema: { params: s.trialParams, body: s.updateTrial, response: { 200: s.trialOut } },
      async handler(request) {
        const { invalid } = request.body as { invalid: boolean };
        return toWire.trial(await hpo.setInvalid(studyId(request), number(request), invalid, request.call));
      },
    }),
    route({
      method: 'POST',
      path: `${trial}/tell`,
      summary: 'Tell: end a RUNNING trial as COMPLETE (with its value or values), PRUNED or FAIL',
      permission: studyPermission('EDIT'),
      schema: { params: s.trialParams, body: s.tell, response: { 200: s.trialOut } },
      async handler(request) {
        const b = request.body as {
          state: 'COMPLETE' | 'PRUNED' | 'FAIL';
          value?: number | string;
          values?: (number | string)[];
        };
        if (b.value !== undefined && b.values !== undefined) {
          throw new InvalidArgumentError('give value or values, not both', { field: 'values' });
        }
        const values = b.values ?? (b.value === undefined ? undefined : [b.value]);
        const told = await hpo.tell(
          studyId(request),
          number(request),
          { state: b.state, ...(values === undefined ? {} : { values: values.map(fromWireDouble) }) },
          request.call,
        );
        return toWire.trial(told);
      },
    }),
    route({
      method: 'POST',
      path: `${trial}/intermediate-values`,
      summary:
        "Report an intermediate value at a step; answers whether the study's pruner would stop the trial",
      permission: studyPermission('EDIT'),
      schema: { params: s.trialParams, body: s.report, response: { 200: s.pruneOut } },
      async handler(request) {
        const b = request.body as { step: number; value: number | string };
        const prune = await hpo.report(
          studyId(request),
          number(request),
          b.step,
          fromWireDouble(b.value),
          request.call,
        );
        return { should_prune: prune };
      },
    }),
    route({
      method: 'GET',
      path: `${trial}/should-prune`,
      summary: "Whether the study's pruner would stop the trial at its last reported step",
      permission: studyPermission('READ'),
      schema: { params: s.trialParams, response: { 200: s.pruneOut } },
      async handler(request) {
        return { should_prune: await hpo.shouldPrune(studyId(request), number(request), request.call) };
      },
    }),
    route({
      method: 'POST',
      path: `${trial}/heartbeat`,
      summary: 'Heartbeat of a RUNNING trial, so that it is not marked STALE',
      permission: studyPermission('EDIT'),
      schema: { params: s.trialParams, response: { 204: {} } },
      async handler(request) {
        await hpo.heartbeat(studyId(request), number(request), request.call);
        return { status: 204 };
      },
    }),
    route({
      method: 'GET',
      path: `${study}/best`,
      summary: 'The best trial (one objective) or the Pareto front (several)',
      permission: studyPermission('READ'),
      schema: { params: s.studyParams, response: { 200: s.best } },
      async handler(request) {
        const best = await hpo.bestTrials(studyId(request), request.call);
        const first = best[0];
        return {
          best_trials: best.map(toWire.trial),
          ...(first === undefined ? {} : { best_params: first.params }),
          ...(best.length === 1 && first?.values?.length === 1
            ? { best_value: wireDouble(first.values[0]!) }
            : {}),
        };
      },
    }),
    route({
      method: 'GET',
      path: `${study}/importances`,
      summary: 'Parameter importances (PED-ANOVA) on one objective',
      permission: studyPermission('READ'),
      schema: { params: s.studyParams, query: s.objectiveQuery, response: { 200: s.importances } },
      async handler(request) {
        const { objective } = request.query as { objective: number };
        const importances = await hpo.importances(studyId(request), { objective }, request.call);
        return { method: 'ped-anova', objective, importances };
      },
    }),
    ...(
      [
        ['history', 'Optimisation-history plot data: each trial value and the best so far', 'history'],
        [
          'parallel-coordinates',
          'Parallel-coordinate plot data: one line per trial across the parameters',
          'parallelCoordinates',
        ],
        ['slices', 'Slice plot data: the objective against each parameter', 'slices'],
        ['pareto-front', 'Pareto-front plot data (multi-objective studies)', 'paretoFront'],
      ] as const
    ).map(([name, summary, key]) =>
      route({
        method: 'GET',
        path: `${study}/plots/${name}`,
        summary,
        permission: studyPermission('READ'),
        schema: { params: s.studyParams, query: s.objectiveQuery, response: { 200: s.plot } },
        async handler(request) {
          const q = request.query as { objective: number; max_trials?: number };
          const plots = await hpo.plots(
            studyId(request),
            { objective: q.objective, ...(q.max_trials === undefined ? {} : { maxTrials: q.max_trials }) },
            request.call,
          );
          const data = plots[key];
          if (data === undefined) {
            throw new FailedPreconditionError(
              `study "${plots.study.name}" has one objective: it has no Pareto front`,
              {
                field: 'studyId',
              },
            );
          }
          return { study_id: plots.study.id, truncated: plots.truncated, ...data };
        },
      }),
    ),
    route({
      method: 'GET',
      path: `${study}/report`,
      summary: 'The study report: a self-contained HTML page with every plot',
      permission: studyPermission('READ'),
      schema: { params: s.studyParams, response: { 200: s.html } },
      async handler(request) {
        const html = await hpo.renderReport(studyId(request), request.call);
        return {
          status: 200,
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Security-Policy': studyReportCsp(),
          },
          body: html,
        };
      },
    }),
    route({
      method: 'POST',
      path: `${study}/complete`,
      summary: 'Declare the optimisation finished: emits hpo.study.completed with the best params',
      permission: studyPermission('EDIT'),
      schema: { params: s.studyParams, response: { 200: s.completed } },
      async handler(request) {
        return toWire.completed(await hpo.complete(studyId(request), request.call));
      },
    }),
  ];
}
