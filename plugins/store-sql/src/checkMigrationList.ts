import { InvalidArgumentError, type Migration } from '@mlops/plugin-api';

/**
 * Checks that a plugin's migrations are sorted by name with no name twice, so the list order is
 * the apply order on every machine.
 * @throws InvalidArgumentError naming the first migration out of place; `details.field` is its index.
 */
export function checkMigrationList(pluginName: string, migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const previous = migrations[i - 1]!.name;
    const name = migrations[i]!.name;
    if (name === previous || migrations.slice(0, i - 1).some((m) => m.name === name)) {
      throw new InvalidArgumentError(
        `migrations of plugin "${pluginName}" must have unique names: "${name}" is listed twice`,
        { field: `migrations[${i}]`, reason: 'duplicate' },
      );
    }
    if (name < previous) {
      throw new InvalidArgumentError(
        `migrations of plugin "${pluginName}" must be sorted by name: "${name}" is listed after "${previous}"`,
        { field: `migrations[${i}]`, reason: 'unsorted' },
      );
    }
  }
}
