import { type CommandSpec, type GarbageReport, parseDuration, systemCall } from '@mlops/plugin-api';
import type { SqlRegistry } from './SqlRegistry.js';

/** The lines `mlops registry gc` prints for a report. */
export function describeGarbage(report: GarbageReport, blobPrefix: string): string[] {
  const verb = report.dryRun ? 'would delete' : 'deleted';
  const count = report.dryRun ? report.orphanCount : report.deleted;
  const unlisted = report.orphanCount - report.orphans.length;
  return [
    ...report.orphans.map((o) => `${verb} artifact ${o.key} (${o.size} bytes)`),
    ...(unlisted > 0 ? [`... and ${unlisted} more`] : []),
    `${count} orphaned artifacts (${report.bytes} bytes) of ${report.scanned} objects under ${blobPrefix}`,
  ];
}

/**
 * `mlops registry gc [--dry-run] [--min-age <duration>]`: deletes registry objects whose version
 * no longer exists (as the system principal) and prints what went.
 */
export function gcCommand(registry: SqlRegistry, blobPrefix: string): CommandSpec {
  return {
    name: 'registry gc',
    description: `delete objects under ${blobPrefix} whose model version no longer exists (or never did)`,
    options: [
      { flags: '--dry-run', description: 'only print what would be deleted', defaultValue: false },
      {
        flags: '--min-age <duration>',
        description: 'keep orphans modified more recently than this (default 1h)',
      },
    ],
    async run({ options, print }) {
      const minAge = options.minAge;
      const report = await registry.collectGarbage(
        {
          dryRun: options.dryRun === true,
          ...(typeof minAge === 'string' ? { minAgeMs: parseDuration(minAge, '--min-age') } : {}),
        },
        systemCall('cli:registry-gc'),
      );
      for (const line of describeGarbage(report, blobPrefix)) print(line);
    },
  };
}
