import {
  type CallContext,
  type CollectGarbageOptions,
  FailedPreconditionError,
  type GarbageReport,
  type Tracking,
} from '@mlops/plugin-api';
import type { PurgeOptions, PurgeReport } from './operations/purgeDeleted.js';
import { SqlTracking } from './SqlTracking.js';
import { trackingPlugin } from './trackingPlugin.js';

export type { CollectGarbageOptions, GarbageReport, OrphanObject } from '@mlops/plugin-api';
export type { PurgedEntity, PurgeOptions, PurgeReport } from './operations/purgeDeleted.js';
export type { TrackingOptions } from './options.js';
export { SqlTracking, trackingPlugin };

/**
 * Permanently deletes the runs and experiments soft-deleted longer ago than the retention window
 * (`options.olderThanMs`, default the plugin's `retentionDays`), with their artifacts; a dry run
 * only reports. Each purge is recorded with `call`'s principal.
 * @throws FailedPreconditionError when `tracking` is not this plugin's; InvalidArgumentError for
 * a bad `olderThanMs`.
 * @example
 * const report = await purgeDeleted(kernel.get(Tracking), { dryRun: true }, systemCall());
 */
export function purgeDeleted(
  tracking: Tracking,
  options: PurgeOptions,
  call: CallContext,
): Promise<PurgeReport> {
  if (!(tracking instanceof SqlTracking)) {
    throw new FailedPreconditionError('purgeDeleted needs the Tracking provided by @mlops/plugin-tracking', {
      field: 'tracking',
    });
  }
  return tracking.purge(options, call);
}

/**
 * Deletes the artifacts under `experiments/` whose run no longer exists (or never did) and that
 * were last modified at least `options.minAgeMs` ago (default one hour); runs in any lifecycle
 * stage keep theirs. A dry run only reports. Each collection is recorded with `call`'s principal.
 * @throws FailedPreconditionError when `tracking` is not this plugin's or no BlobStore is
 * configured; InvalidArgumentError for a bad option.
 * @example
 * const report = await collectGarbage(kernel.get(Tracking), { dryRun: true }, systemCall());
 */
export async function collectGarbage(
  tracking: Tracking,
  options: CollectGarbageOptions,
  call: CallContext,
): Promise<GarbageReport> {
  if (!(tracking instanceof SqlTracking)) {
    throw new FailedPreconditionError(
      'collectGarbage needs the Tracking provided by @mlops/plugin-tracking',
      {
        field: 'tracking',
      },
    );
  }
  return tracking.collectGarbage(options, call);
}

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default trackingPlugin;
