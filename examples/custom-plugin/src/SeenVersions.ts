import type { ModelVersionRef } from '@mlops/plugin-api';

/** What the plugin learned from ModelVersionCreated events: each version's source, and how many events came. */
export class SeenVersions {
  private readonly sources = new Map<string, string>();
  private seen = 0;

  /** ModelVersionCreated events seen since the kernel started. */
  get count(): number {
    return this.seen;
  }

  /** Records the source of `ref` (a later event for the same version replaces it); returns the new count. */
  record(ref: ModelVersionRef, source: string): number {
    this.sources.set(`${ref.model}/${ref.version}`, source);
    this.seen += 1;
    return this.seen;
  }

  /** The source recorded for `ref`, or undefined when no event named it. */
  sourceOf(ref: ModelVersionRef): string | undefined {
    return this.sources.get(`${ref.model}/${ref.version}`);
  }
}
