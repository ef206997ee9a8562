/**
 * An SQL LIKE pattern as an SQLite GLOB pattern. SQLite's LIKE ignores ASCII case, but MLflow's
 * LIKE is case-sensitive (ILIKE is the case-insensitive one), and GLOB is SQLite's case-sensitive
 * match: `%` becomes `*`, `_` becomes `?`, and GLOB's own wildcards are bracketed to stay literal.
 */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const ch of pattern) {
    if (ch === '%') glob += '*';
    else if (ch === '_') glob += '?';
    else if (ch === '*' || ch === '?' || ch === '[') glob += `[${ch}]`;
    else glob += ch;
  }
  return glob;
}
