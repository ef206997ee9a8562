import type { PluginManifest } from '@mlops/plugin-api';

/** One plugin inside a kernel: its manifest, validated options, rank, and how far it got. */
export interface PluginSlot {
  readonly manifest: PluginManifest<unknown>;
  readonly options: unknown;
  readonly maskedOptions: unknown;
  /** Position in the start order. */
  readonly rank: number;
  setUp: boolean;
  started: boolean;
  readonly closeHandlers: (() => void | Promise<void>)[];
}
