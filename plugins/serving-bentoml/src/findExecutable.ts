import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/**
 * The path of `command` as a shell would find it: itself when it holds a `/`, else the first
 * executable file of that name in the directories of `path` (a PATH value). Undefined when none.
 */
export async function findExecutable(command: string, path: string | undefined): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [command]
    : (path ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here, or not executable: keep looking, as a shell does
    }
  }
  return undefined;
}
