import { type CallContext, FailedPreconditionError, type Tracking } from '@mlops/plugin-api';
import type { PurgeOptions, PurgeReport } from './operations/purgeDeleted.js';
import { SqlTracking } from './SqlTracking.js';
import { trackingPlugin } from './trackingPlugin.js';

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

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default trackingPlugin;
