import { type CommandSpec, Registry, systemCall } from '@mlops/plugin-api';

/**
 * `mlops registry purge [--dry-run] [--retention-days <n>]`: removes soft-deleted models and
 * versions past the retention window (as the system principal) and prints what went.
 */
export const purgeCommand: CommandSpec = {
  name: 'registry purge',
  description: 'permanently remove soft-deleted models and versions past the retention window',
  options: [
    { flags: '--dry-run', description: 'only print what would be removed', defaultValue: false },
    { flags: '--retention-days <days>', description: "override the plugin's retentionDays" },
  ],
  async run({ options, scope, print }) {
    const days = options.retentionDays === undefined ? undefined : Number(options.retentionDays);
    const report = await scope
      .get(Registry)
      .purge(
        { dryRun: options.dryRun === true, ...(days === undefined ? {} : { retentionDays: days }) },
        systemCall('cli:registry-purge'),
      );
    const verb = report.dryRun ? 'would purge' : 'purged';
    for (const model of report.models) print(`${verb} model ${model}`);
    for (const v of report.versions) print(`${verb} version ${v.model}/${v.version}`);
    for (const key of report.blobKeys) print(`${verb} artifact ${key}`);
    print(
      `${report.models.length} models, ${report.versions.length} versions, ${report.blobKeys.length} artifacts`,
    );
  },
};
