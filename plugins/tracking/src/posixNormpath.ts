/**
 * Python's `posixpath.normpath`, which MLflow uses to decide whether a key would name another
 * file: it differs from Node's `path.posix.normalize` on `''`, trailing slashes and `//`.
 */
export function posixNormpath(path: string): string {
  if (path === '') return '.';
  // POSIX keeps exactly two leading slashes; three or more collapse to one.
  const leading = path.startsWith('/') ? (path.startsWith('//') && !path.startsWith('///') ? 2 : 1) : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    const canPop = parts.length > 0 && parts.at(-1) !== '..';
    if (part !== '..' || (leading === 0 && !canPop)) parts.push(part);
    else if (canPop) parts.pop();
  }
  return '/'.repeat(leading) + parts.join('/') || '.';
}
