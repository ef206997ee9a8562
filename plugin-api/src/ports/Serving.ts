import type { CallContext } from '../CallContext.js';
import type { InferenceRequest, InferenceResponse } from '../serving/InferenceTensor.js';
import { createToken } from '../Token.js';
import type { TensorSpec } from './ServingBackend.js';

/** Input of {@link Serving.createDeployment}. Exactly one of `alias` and `version` is given. */
export interface NewDeployment {
  /** Unique; letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 63 characters. */
  readonly name: string;
  /** The registered model. */
  readonly model: string;
  /** An alias to follow (`champion`): when it moves, the deployment rolls out its new version. */
  readonly alias?: string;
  /** A pinned version, served until the deployment is changed. */
  readonly version?: number;
  /** One of the serving plugin's environments; the first one when absent. */
  readonly environment?: string;
  /** The `ServingBackend` that runs the model; `onnx` (in-process) when absent. */
  readonly backend?: string;
  /** Options for the backend, checked by it at load. */
  readonly backendOptions?: Record<string, unknown>;
  /** Recorded with the first revision. */
  readonly reason?: string;
}

/**
 * Input of {@link Serving.updateDeployment}: the fields to change. Giving `alias` unpins the
 * version and giving `version` stops following the alias.
 */
export interface DeploymentUpdate {
  readonly model?: string;
  readonly alias?: string;
  readonly version?: number;
  readonly environment?: string;
  readonly backend?: string;
  readonly backendOptions?: Record<string, unknown>;
  /** Recorded with the new revision. */
  readonly reason?: string;
}

/** Where a deployment's live model stands in this process. */
export type DeploymentState = 'loading' | 'ready' | 'failed';

/** One recorded state of a deployment; every change makes a new one, numbered 1, 2, 3... */
export interface DeploymentRevision {
  readonly deployment: string;
  readonly revision: number;
  readonly model: string;
  /** The alias the deployment followed at this revision; absent when the version was pinned. */
  readonly alias?: string;
  /** The model version this revision serves. */
  readonly version: number;
  readonly environment: string;
  readonly backend: string;
  readonly backendOptions: Record<string, unknown>;
  /** Why it was made: `created`, `alias champion moved from version 1 to 2`, `rollback to revision 1`... */
  readonly reason: string;
  /** Hex sha256 of the model artifact loaded, when the backend read one. */
  readonly artifactSha256?: string;
  /** The principal that made the change. */
  readonly createdBy: string;
  /** Epoch ms. */
  readonly createdAt: number;
}

/** A deployment: its current revision, and how its live model is doing in this process. */
export interface Deployment extends DeploymentRevision {
  readonly state: DeploymentState;
  /** Why the state is `failed`. */
  readonly stateMessage?: string;
  /** The live model's input and output signature; empty until it is loaded. */
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
}

/** What a deployment serves right now in this process, read without touching the database. */
export interface DeploymentMetadata {
  readonly name: string;
  readonly model: string;
  /** The version the live model is (0 while none is loaded). */
  readonly version: number;
  readonly backend: string;
  readonly environment: string;
  /** True when the live model answers predictions. */
  readonly ready: boolean;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
}

/** Input of {@link Serving.startExperiment}. */
export interface NewTrafficExperiment {
  /**
   * `canary`: the challenger answers `percent` of the requests (chosen by a hash of the sticky key,
   * so one caller stays on one side); `shadow`: the champion answers every request, and `percent`
   * of them are also sent to the challenger, whose answers are only measured (and logged).
   */
  readonly kind: 'canary' | 'shadow';
  /** The challenger: another version of the deployment's model, loaded beside the champion. */
  readonly version: number;
  /** Share of requests, 0 to 100; default 10 for a canary, 100 for a shadow. */
  readonly percent?: number;
  /** The request parameter whose value is the sticky key (`user_id`); the request id when absent. */
  readonly stickyBy?: string;
  /** Canary guard: roll back once the challenger's error rate exceeds this (0 to 1). */
  readonly maxErrorRate?: number;
  /** Canary guard: roll back once the challenger's p99 latency exceeds this many milliseconds. */
  readonly maxLatencyMs?: number;
  /**
   * Canary guard relative to the champion: roll back once the challenger's error rate exceeds the
   * champion's by more than this (0 to 1; 0.02 = two points), over each side's last 1,000 answers.
   */
  readonly maxErrorRateIncrease?: number;
  /** Canary guard relative to the champion: roll back once the challenger's p99 latency exceeds the champion's times this (above 1). */
  readonly maxLatencyRatio?: number;
  /**
   * Guards judge only after the challenger answered this many requests (default 20), and the
   * relative guards only once the champion has too.
   */
  readonly minRequests?: number;
  /**
   * Canary: the later shares of a stepped promotion, increasing (`[25, 50, 100]` after a start at
   * `percent` 10). Each step is taken once the current one held for `stepMinRequests` challenger
   * answers and `stepMinMs`, with no guard tripped, and goes through `deployment.beforeRollout`
   * (a veto rolls the canary back); when the last step has held, the challenger is promoted.
   * Empty (default): the share stays until the experiment is ended.
   */
  readonly steps?: readonly number[];
  /** Challenger answers each step needs before the next one (default `minRequests`). */
  readonly stepMinRequests?: number;
  /** Time each step lasts at least, in ms (default 0). */
  readonly stepMinMs?: number;
  /** Shadow: challenger requests in flight at most; requests past it are not mirrored (default 16). */
  readonly shadowConcurrency?: number;
}

/** How one side of an experiment has done so far. */
export interface TrafficArmStats {
  readonly version: number;
  readonly requests: number;
  /** Failed predictions (a bad input is the caller's fault and is not counted). */
  readonly errors: number;
  /** Latency quantiles over the last 1,000 answers, in ms; 0 before any. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** An experiment of a deployment, running or ended. */
export interface TrafficExperiment
  extends Required<
    Omit<
      NewTrafficExperiment,
      'stickyBy' | 'maxErrorRate' | 'maxLatencyMs' | 'maxErrorRateIncrease' | 'maxLatencyRatio'
    >
  > {
  readonly deployment: string;
  readonly stickyBy?: string;
  readonly maxErrorRate?: number;
  readonly maxLatencyMs?: number;
  readonly maxErrorRateIncrease?: number;
  readonly maxLatencyRatio?: number;
  /** Steps of `steps` taken so far (0 at start); `percent` is the share now. */
  readonly step: number;
  /** Shadow requests not mirrored because `shadowConcurrency` were in flight (this process). */
  readonly shadowDropped?: number;
  /** `rolledBack`: a guard tripped; `ended`: ended by a call, promoted or not. */
  readonly status: 'running' | 'rolledBack' | 'promoted' | 'ended';
  /** Why it ended (the guard that tripped, or the caller's reason). */
  readonly statusReason?: string;
  readonly startedBy: string;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Counts since start in this process; absent once ended. */
  readonly champion?: TrafficArmStats;
  readonly challenger?: TrafficArmStats;
}

/** Options of {@link Serving.predict}. */
export interface PredictOptions {
  /** Refuse the request (NotFoundError) unless the deployment serves this model version. */
  readonly version?: number;
  /**
   * The sticky key of traffic experiments (HTTP header `x-request-key`): requests with one key
   * land on one side of a canary or one arm of an A/B test. The request id when absent.
   */
  readonly requestKey?: string;
}

/** One arm of an A/B test: a version of the deployment's model and its share of traffic. */
export interface AbTestArm {
  /** Unique in the test: letters, digits, `_` and `-`, at most 32 characters. */
  readonly name: string;
  /** A version of the deployment's model; each arm serves a different one. */
  readonly version: number;
  /** Relative share of traffic (above 0); the shares are the weights over their sum. */
  readonly weight: number;
}

/** Input of {@link Serving.startAbTest}. */
export interface NewAbTest {
  /**
   * `rate`: outcomes are 0 or 1, arms compared with a two-proportion z-test; `mean`: outcomes are
   * any finite number, arms compared with Welch's t-test.
   */
  readonly metric: 'rate' | 'mean';
  /** Two or more arms; the first is the control every other arm is compared with. */
  readonly arms: readonly AbTestArm[];
  /** The control's expected rate (strictly between 0 and 1) or mean, for the sample size. */
  readonly baseline: number;
  /** The smallest absolute difference from the control worth detecting (above 0). */
  readonly minimumDetectableEffect: number;
  /** For `mean`: the outcome's expected standard deviation (above 0), for the sample size. */
  readonly standardDeviation?: number;
  /** Two-sided significance level of the test as a whole, split over the comparisons (Bonferroni); default 0.05. */
  readonly alpha?: number;
  /** Probability of detecting the minimum effect; default 0.8. */
  readonly power?: number;
  /** `increase` (default) when a higher outcome is better, `decrease` when lower is. */
  readonly goal?: 'increase' | 'decrease';
}

/** An A/B test of a deployment, running or ended. */
export interface AbTest extends Required<Omit<NewAbTest, 'standardDeviation'>> {
  readonly id: string;
  readonly deployment: string;
  readonly standardDeviation?: number;
  /**
   * Outcomes each arm needs before the report compares arms (a fixed horizon, computed at start
   * from baseline, minimum detectable effect, alpha and power), so peeking cannot inflate false positives.
   */
  readonly sampleSizePerArm: number;
  /** `promoted`: a decision rolled the winner out; `ended`: ended without a rollout. */
  readonly status: 'running' | 'promoted' | 'ended';
  readonly statusReason?: string;
  /** The arm the decision found best (the control when no other arm beat it significantly). */
  readonly winner?: string;
  readonly startedBy: string;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms; absent while running. */
  readonly endedAt?: number;
}

/** One arm's outcomes in an A/B test report. */
export interface AbArmResult {
  readonly name: string;
  readonly version: number;
  /** Requests assigned to the arm. */
  readonly assigned: number;
  /** Outcomes posted for them. */
  readonly outcomes: number;
  /** Mean of the outcomes (the rate for `rate`); 0 before any. */
  readonly mean: number;
  /** Sample standard deviation of the outcomes (n - 1); 0 before two. */
  readonly standardDeviation: number;
}

/** One arm against the control, once every arm has reached the sample size. */
export interface AbComparison {
  readonly arm: string;
  readonly control: string;
  /** mean(arm) - mean(control). */
  readonly effect: number;
  /** `effect` over the control's mean (NaN when that is 0). */
  readonly relativeEffect: number;
  /** Cohen's h for rates, Hedges' g for means. */
  readonly standardizedEffect: number;
  /** z for rates, Welch's t for means. */
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** Interval for `effect` at 1 - alphaPerComparison. */
  readonly confidenceInterval: readonly [number, number];
  /** pValue below alphaPerComparison. */
  readonly significant: boolean;
}

/** What an A/B test shows so far: counts always, comparisons only once the sample size is reached. */
export interface AbTestReport {
  readonly test: AbTest;
  readonly arms: readonly AbArmResult[];
  /** alpha over the number of comparisons (Bonferroni). */
  readonly alphaPerComparison: number;
  /** True once every arm has `sampleSizePerArm` outcomes. */
  readonly enoughData: boolean;
  /** `not enough data: ...` until then; then which arm wins, or that none differs significantly. */
  readonly conclusion: string;
  /** Empty until `enoughData`. */
  readonly comparisons: readonly AbComparison[];
  /** The best arm significantly better than the control, else the control if every other arm is significantly worse. */
  readonly winner?: string;
}

/**
 * Model deployments: a registered model version served as a live prediction endpoint, following
 * an alias or pinned to a version, recorded as revisions. Every rollout (create, update, alias
 * move, rollback) runs the `deployment.beforeRollout` interceptors first, loads and warms the new
 * model up, then switches to it at once and drains the old one, so no request fails during the
 * switch; then it emits `deployment.rolledOut`.
 *
 * Errors, for every method: InvalidArgumentError naming the field (`details.field`); NotFoundError
 * for an unknown deployment, model, alias or version; AlreadyExistsError for a taken name;
 * FailedPreconditionError for a vetoed rollout (the current revision stays), an environment the
 * version has not passed through, or a model the backend cannot load.
 * @example
 * const serving = kernel.get(Serving);
 * await serving.createDeployment({ name: 'churn', model: 'churn', alias: 'champion' }, call);
 * const answer = await serving.predict('churn', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] }, call);
 */
export interface Serving {
  /** The environments deployments may name, in promotion order (`dev`, `staging`, `prod`). */
  readonly environments: readonly string[];
  createDeployment(input: NewDeployment, call: CallContext): Promise<Deployment>;
  /** Makes a new revision and rolls it out. */
  updateDeployment(name: string, update: DeploymentUpdate, call: CallContext): Promise<Deployment>;
  getDeployment(name: string, call: CallContext): Promise<Deployment>;
  /** Every deployment, by name; only those of `environment` when given. */
  listDeployments(query: { readonly environment?: string }, call: CallContext): Promise<Deployment[]>;
  /** The deployment's revisions, oldest first. */
  listRevisions(name: string, call: CallContext): Promise<DeploymentRevision[]>;
  /**
   * Rolls out a copy of an earlier revision (by default the one before the current) as a new
   * revision. @throws FailedPreconditionError when there is no earlier revision.
   */
  rollback(
    name: string,
    options: { readonly toRevision?: number; readonly reason?: string },
    call: CallContext,
  ): Promise<Deployment>;
  /**
   * Loads `input.version` beside the live model and starts a canary or shadow experiment.
   * @throws FailedPreconditionError when one is running already, or for the live version itself.
   */
  startExperiment(name: string, input: NewTrafficExperiment, call: CallContext): Promise<TrafficExperiment>;
  /** The deployment's latest experiment. @throws NotFoundError when it never had one. */
  getExperiment(name: string, call: CallContext): Promise<TrafficExperiment>;
  /**
   * Ends the running experiment and unloads the challenger; with `promote`, the challenger becomes
   * the live model (a deployment that follows an alias moves the alias to it, through the
   * registry's interceptors). @throws FailedPreconditionError when none is running.
   */
  endExperiment(
    name: string,
    options: { readonly promote: boolean; readonly reason?: string },
    call: CallContext,
  ): Promise<TrafficExperiment>;
  /**
   * Loads the arms' versions beside the live model and starts an A/B test: each request goes to
   * an arm by a hash of its sticky key, and the assignment (request id -> arm) is recorded.
   * @throws FailedPreconditionError when an experiment or A/B test runs already, or vetoed.
   */
  startAbTest(name: string, input: NewAbTest, call: CallContext): Promise<AbTest>;
  /** @throws NotFoundError for an unknown test. */
  getAbTest(name: string, id: string, call: CallContext): Promise<AbTest>;
  /** The deployment's A/B tests, newest first. */
  listAbTests(name: string, call: CallContext): Promise<AbTest[]>;
  /**
   * Records the outcome of a request the test assigned (0 or 1 for `rate`).
   * @throws NotFoundError naming `requestId` when the test did not assign it; ConflictError when it
   * already has another outcome; FailedPreconditionError once the test ended.
   */
  recordAbOutcome(
    name: string,
    id: string,
    outcome: { readonly requestId: string; readonly value: number },
    call: CallContext,
  ): Promise<void>;
  /** The test's report; it compares arms only once every arm has reached the sample size. */
  abTestReport(name: string, id: string, call: CallContext): Promise<AbTestReport>;
  /**
   * Ends the test on its report: a winner other than the control is rolled out (through
   * `deployment.beforeRollout`; a deployment that follows an alias moves the alias to it).
   * @throws FailedPreconditionError `not enough data: ...` before the sample size is reached.
   */
  decideAbTest(
    name: string,
    id: string,
    options: { readonly reason?: string },
    call: CallContext,
  ): Promise<AbTestReport>;
  /** Ends the test without a decision; its data stays readable. */
  endAbTest(
    name: string,
    id: string,
    options: { readonly reason?: string },
    call: CallContext,
  ): Promise<AbTest>;
  /** The live model's signature and readiness (the KServe metadata and ready endpoints). */
  metadata(name: string, call: CallContext): Promise<DeploymentMetadata>;
  /** Stops serving, drains, unloads, and removes the deployment and its revisions. */
  deleteDeployment(name: string, call: CallContext): Promise<void>;
  /**
   * Runs a prediction on the deployment's live model.
   * @throws InvalidArgumentError naming the input for a missing, unknown or malformed tensor;
   * UnavailableError while the model is not ready, when the queue is full (`details.retryAfterSeconds`)
   * or a request timed out.
   */
  predict(
    name: string,
    request: InferenceRequest,
    call: CallContext,
    options?: PredictOptions,
  ): Promise<InferenceResponse>;
}

/** Model deployments and predictions (plugins/serving). */
export const Serving = createToken<Serving>({
  id: 'serving.serving',
  description: 'model deployments, rollouts and predictions',
});
