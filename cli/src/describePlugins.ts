import type { LoadedPlugin } from '@mlops/plugin-api';

/** A plain-text table of loaded plugins: name, version, and the ports each provides and needs. */
export function describePlugins(plugins: readonly LoadedPlugin[]): string[] {
  if (plugins.length === 0) return ['no plugins loaded'];
  const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : '-');
  const rows = plugins.map((p) => [
    p.name,
    p.version,
    p.apiVersion,
    list(p.provides),
    list(p.requires),
    list(p.optional),
  ]);
  const header = ['PLUGIN', 'VERSION', 'API', 'PROVIDES', 'REQUIRES', 'OPTIONAL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
