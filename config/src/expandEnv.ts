import { ConfigError } from './ConfigError.js';

const reference = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${env:NAME}` and `${env:NAME:-default}` in every string value of a JSON or YAML
 * config, returning a copy. As in the shell, the default applies when NAME is unset or empty.
 * @throws ConfigError CONFIG_ENV_MISSING when NAME is unset and has no default, naming the value
 * by its JSON pointer.
 */
export function expandEnv(
  filepath: string,
  value: unknown,
  env: NodeJS.ProcessEnv = process.env,
  pointer = '',
): unknown {
  if (typeof value === 'string') return expandString(filepath, value, env, pointer);
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(filepath, item, env, `${pointer}/${i}`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        expandEnv(filepath, item, env, `${pointer}/${pointerSegment(key)}`),
      ]),
    );
  }
  return value;
}

function expandString(filepath: string, text: string, env: NodeJS.ProcessEnv, pointer: string): string {
  return text.replace(reference, (whole, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && (set !== '' || fallback === undefined)) return set;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(
      'CONFIG_ENV_MISSING',
      filepath,
      `${pointer || '/'} uses ${whole}, which is not set`,
      {
        field: pointer,
      },
    );
  });
}

/** Escapes a key as a JSON pointer segment (RFC 6901). */
function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
