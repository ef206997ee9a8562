import { InvalidArgumentError } from '../errors.js';
import type { BlobStore } from '../ports/BlobStore.js';

/** Options of a garbage collection of orphaned objects (`mlops tracking gc`, `mlops registry gc`). */
export interface CollectGarbageOptions {
  /** Report the orphans, and delete nothing. */
  readonly dryRun?: boolean;
  /**
   * Objects modified less than this many milliseconds ago are kept even without an owner, so an
   * upload racing the scan is never collected; default one hour.
   */
  readonly minAgeMs?: number;
  /** Objects per BlobStore listing page (default 1000): the scan holds one page at a time. */
  readonly pageSize?: number;
  /** The most orphans listed in the report (default 1000); all are counted and deleted. */
  readonly maxListed?: number;
}

/** One object without an owner. */
export interface OrphanObject {
  readonly key: string;
  readonly size: number;
}

/** What a garbage collection found, and deleted. */
export interface GarbageReport {
  readonly dryRun: boolean;
  /** Objects listed under the plugin's key space. */
  readonly scanned: number;
  /** The first `maxListed` orphans, in key order. */
  readonly orphans: readonly OrphanObject[];
  readonly orphanCount: number;
  /** Bytes of all the orphans. */
  readonly bytes: number;
  /** Orphans deleted (0 in a dry run). */
  readonly deleted: number;
}

/** A {@link GarbageReport} with what a plugin records of the sweep. */
export interface GarbageSweep extends GarbageReport {
  readonly startedAt: number;
  readonly minAgeMs: number;
  readonly deletedBytes: number;
}

/** Who owns the objects under a plugin's key space. */
export interface BlobOwnership {
  /** The key space swept, e.g. `experiments/`. */
  readonly prefix: string;
  /** The owner id of a key (e.g. its run's artifact root), or undefined for a key no owner could have. */
  ownerOf(key: string): string | undefined;
  /** Those of `owners` that exist; called once per listing page. */
  existing(owners: readonly string[]): Promise<ReadonlySet<string>>;
}

const defaultMinAgeMs = 3_600_000;

/**
 * Deletes the objects under `ownership.prefix` whose owner does not exist, page by page (memory
 * is bounded by `pageSize`; each page's owners are looked up in one call). Objects younger than
 * `minAgeMs` are kept, so an upload racing the sweep is never collected.
 * @throws InvalidArgumentError naming a bad option; the BlobStore's errors.
 */
export async function sweepOrphanBlobs(
  blobs: BlobStore,
  ownership: BlobOwnership,
  options: CollectGarbageOptions,
): Promise<GarbageSweep> {
  const startedAt = Date.now();
  const { dryRun, minAgeMs, pageSize, maxListed } = validateGarbageOptions(options);
  const cutoff = startedAt - minAgeMs;
  const orphans: OrphanObject[] = [];
  let scanned = 0;
  let orphanCount = 0;
  let bytes = 0;
  let deleted = 0;
  let deletedBytes = 0;
  let pageToken: string | undefined;
  do {
    const page = await blobs.list({
      prefix: ownership.prefix,
      pageSize,
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    scanned += page.items.length;
    const old = page.items.filter((item) => item.lastModified.getTime() <= cutoff);
    const owners = new Set<string>();
    for (const item of old) {
      const owner = ownership.ownerOf(item.key);
      if (owner !== undefined) owners.add(owner);
    }
    const existing = owners.size === 0 ? new Set<string>() : await ownership.existing([...owners]);
    for (const item of old) {
      const owner = ownership.ownerOf(item.key);
      if (owner !== undefined && existing.has(owner)) continue;
      orphanCount += 1;
      bytes += item.size;
      if (orphans.length < maxListed) orphans.push({ key: item.key, size: item.size });
      if (dryRun) continue;
      // Page tokens are the last key listed, so deleting listed keys does not shift the next page.
      await blobs.delete(item.key);
      deleted += 1;
      deletedBytes += item.size;
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return { dryRun, scanned, orphans, orphanCount, bytes, deleted, startedAt, minAgeMs, deletedBytes };
}

/** Options with their defaults. @throws InvalidArgumentError naming the bad option. */
export function validateGarbageOptions(options: CollectGarbageOptions): Required<CollectGarbageOptions> {
  const { dryRun = false, minAgeMs = defaultMinAgeMs, pageSize = 1000, maxListed = 1000 } = options;
  if (typeof dryRun !== 'boolean') {
    throw new InvalidArgumentError(`dryRun must be a boolean, got ${JSON.stringify(dryRun)}`, {
      field: 'dryRun',
    });
  }
  if (typeof minAgeMs !== 'number' || !Number.isFinite(minAgeMs) || minAgeMs < 0) {
    throw new InvalidArgumentError(
      `minAgeMs must be a non-negative number of milliseconds, got ${String(minAgeMs)}`,
      { field: 'minAgeMs' },
    );
  }
  for (const [field, value, min] of [
    ['pageSize', pageSize, 1],
    ['maxListed', maxListed, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(`${field} must be a whole number >= ${min}, got ${String(value)}`, {
        field,
      });
    }
  }
  return { dryRun, minAgeMs, pageSize, maxListed };
}
