import {
  type AbTest,
  type AbTestArm,
  type InferenceRequest,
  type InferenceResponse,
  UnavailableError,
} from '@mlops/plugin-api';
import type { LiveModel } from '../deployments/LiveModel.js';
import type { AssignmentLog } from './AssignmentLog.js';
import { stickyBucket, stickyBuckets } from './stickyBucket.js';

/** A running A/B test: its arms' models, the split by sticky key, and the assignment log. */
export class RunningAbTest {
  private readonly bounds: number[];

  constructor(
    readonly test: AbTest,
    /** The arms' models by arm name; the arm serving the live version at start has none (it uses the live model). */
    readonly models: ReadonlyMap<string, LiveModel>,
    private readonly log: AssignmentLog,
  ) {
    const total = test.arms.reduce((sum, arm) => sum + arm.weight, 0);
    let cumulative = 0;
    this.bounds = test.arms.map((arm) => {
      cumulative += arm.weight;
      return (cumulative / total) * stickyBuckets;
    });
  }

  /** The arm of a sticky key: arms take consecutive ranges of buckets in proportion to their weights. */
  armOf(key: string): AbTestArm {
    const bucket = stickyBucket(key);
    const index = this.bounds.findIndex((bound) => bucket < bound);
    return this.test.arms[index === -1 ? this.test.arms.length - 1 : index]!;
  }

  /**
   * Answers a checked request (with its id) from its arm's model, and logs the assignment once it
   * is answered (a failed request has no outcome to wait for).
   */
  async predict(
    request: InferenceRequest & { readonly id: string },
    key: string,
    live: LiveModel,
  ): Promise<{ answer: InferenceResponse; version: number }> {
    const arm = this.armOf(key);
    const model = this.models.get(arm.name) ?? live;
    if (model.revision.version !== arm.version) {
      throw new UnavailableError(
        `arm "${arm.name}" of A/B test ${this.test.id} serves version ${arm.version}, and the deployment moved to version ${model.revision.version}`,
        { reason: 'ab_test_arm_moved' },
      );
    }
    const answer = await model.predict(request);
    this.log.add({ testId: this.test.id, requestId: request.id, arm: arm.name, assignedAt: Date.now() });
    return { answer, version: arm.version };
  }
}
