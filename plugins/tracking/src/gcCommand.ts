import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { type CallContext, type CommandSpec, type GarbageReport, parseDuration } from '@mlops/plugin-api';
import { trackingKeySpace } from './operations/collectGarbage.js';
import type { SqlTracking } from './SqlTracking.js';

/** The lines `mlops tracking gc` prints for a report. */
export function describeGarbage(report: GarbageReport): string[] {
  const verb = report.dryRun ? 'would delete' : 'deleted';
  const count = report.dryRun ? report.orphanCount : report.deleted;
  const unlisted = report.orphanCount - report.orphans.length;
  return [
    `${verb} ${count} orphaned artifact(s) (${report.bytes} bytes) of ${report.scanned} object(s) under ${trackingKeySpace}`,
    ...report.orphans.map((o) => `  ${o.key} (${o.size} bytes)`),
    ...(unlisted > 0 ? [`  ... and ${unlisted} more`] : []),
  ];
}

/** `mlops tracking gc [--dry-run] [--min-age <duration>]`, recorded as done by the OS user. */
export function gcCommand(tracking: SqlTracking): CommandSpec {
  return {
    name: 'tracking gc',
    description: `delete artifacts under ${trackingKeySpace} whose run no longer exists (or never did)`,
    options: [
      {
        flags: '--min-age <duration>',
        description: 'keep orphans modified more recently than this (default 1h)',
      },
      {
        flags: '--dry-run',
        description: 'list the orphans and delete nothing',
        defaultValue: false,
      },
    ],
    async run({ options, print }) {
      const minAge = options.minAge;
      const call: CallContext = {
        principal: { id: userInfo().username, kind: 'user', roles: [] },
        tenant: 'default',
        requestId: randomUUID(),
      };
      const report = await tracking.collectGarbage(
        {
          ...(typeof minAge === 'string' ? { minAgeMs: parseDuration(minAge, '--min-age') } : {}),
          dryRun: options.dryRun === true,
        },
        call,
      );
      for (const line of describeGarbage(report)) print(line);
    },
  };
}
