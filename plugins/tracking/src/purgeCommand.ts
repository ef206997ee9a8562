import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { type CallContext, type CommandSpec, parseDuration } from '@mlops/plugin-api';
import type { PurgeReport } from './operations/purgeDeleted.js';
import type { SqlTracking } from './SqlTracking.js';

/** The lines `mlops tracking purge` prints for a report. */
export function describePurge(report: PurgeReport): string[] {
  const verb = report.dryRun ? 'would purge' : 'purged';
  const models = report.loggedModels.length > 0 ? `, ${report.loggedModels.length} logged model(s)` : '';
  return [
    `${verb} ${report.experiments.length} experiment(s), ${report.runs.length} run(s)${models} and ${report.artifacts} artifact(s) deleted before ${new Date(report.cutoff).toISOString()}`,
    ...report.experiments.map(
      (e) => `  experiment ${e.id} "${e.name}" (deleted ${new Date(e.deletedTime).toISOString()})`,
    ),
    ...report.runs.map((r) => `  run ${r.id} "${r.name}" (deleted ${new Date(r.deletedTime).toISOString()})`),
    ...report.loggedModels.map(
      (m) =>
        `  logged model ${m.id} "${m.name}" (${m.deletedTime > 0 ? `deleted ${new Date(m.deletedTime).toISOString()}` : 'of a purged experiment'})`,
    ),
  ];
}

/** `mlops tracking purge [--older-than <duration>] [--dry-run]`, recorded as done by the OS user. */
export function purgeCommand(tracking: SqlTracking, retentionDays: number): CommandSpec {
  return {
    name: 'tracking purge',
    description: `permanently delete runs, logged models and experiments deleted longer ago than the retention window (${retentionDays}d)`,
    options: [
      {
        flags: '--older-than <duration>',
        description: 'purge what was deleted at least this long ago (30d, 12h, 45m)',
      },
      {
        flags: '--dry-run',
        description: 'list what would be purged and change nothing',
        defaultValue: false,
      },
    ],
    async run({ options, print }) {
      const olderThan = options.olderThan;
      const call: CallContext = {
        principal: { id: userInfo().username, kind: 'user', roles: [] },
        tenant: 'default',
        requestId: randomUUID(),
      };
      const report = await tracking.purge(
        {
          ...(typeof olderThan === 'string' ? { olderThanMs: parseDuration(olderThan, '--older-than') } : {}),
          dryRun: options.dryRun === true,
        },
        call,
      );
      for (const line of describePurge(report)) print(line);
    },
  };
}
