import type { LoadedPlugin } from '@mlops/plugin-api';
import { formatTable } from './formatTable.js';

/**
 * A plain-text table of loaded plugins: name, version, and the ports each provides and needs;
 * ports looked up after setup only are marked `(late)` among the optional ones.
 */
export function describePlugins(plugins: readonly LoadedPlugin[]): string[] {
  if (plugins.length === 0) return ['no plugins loaded'];
  const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : '-');
  const rows = plugins.map((p) => [
    p.name,
    p.version,
    p.apiVersion,
    list(p.provides),
    list(p.requires),
    list([...p.optional, ...p.late.map((id) => `${id} (late)`)]),
  ]);
  return formatTable(['PLUGIN', 'VERSION', 'API', 'PROVIDES', 'REQUIRES', 'OPTIONAL'], rows);
}
