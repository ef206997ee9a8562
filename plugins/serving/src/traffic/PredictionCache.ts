import { createHash } from 'node:crypto';
import type { InferenceRequest, InferenceResponse } from '@mlops/plugin-api';

/**
 * A least-recently-used cache of answers keyed by a hash of the request's tensors and wanted
 * outputs (never its id). One cache belongs to one loaded model version, so a rollout starts empty.
 */
export class PredictionCache {
  private readonly entries = new Map<string, InferenceResponse>();

  constructor(private readonly maxEntries: number) {}

  /** The key of a request: sha256 of its inputs (name, datatype, shape, data) and outputs. */
  static keyOf(request: InferenceRequest): string {
    const inputs = [...request.inputs]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((t) => [t.name, t.datatype, t.shape, t.data]);
    return createHash('sha256')
      .update(JSON.stringify([inputs, request.outputs ?? null]))
      .digest('hex');
  }

  get(key: string): InferenceResponse | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-inserting moves the key to the end of the Map's order: the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, response: InferenceResponse): void {
    this.entries.delete(key);
    this.entries.set(key, response);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
