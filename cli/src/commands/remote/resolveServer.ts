import { InvalidArgumentError } from '@mlops/plugin-api';

/** The server `mlops serve` listens on by default, and so the one remote commands talk to. */
export const defaultServer = 'http://127.0.0.1:5000';

/**
 * The base URL remote commands talk to: `--server`, else `MLOPS_SERVER`, else {@link defaultServer};
 * without a trailing slash.
 * @throws InvalidArgumentError when it is not an http:// or https:// URL, naming where it came from.
 */
export function resolveServer(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const [source, url] =
    option !== undefined
      ? ['--server', option]
      : env.MLOPS_SERVER
        ? ['MLOPS_SERVER', env.MLOPS_SERVER]
        : ['the default server', defaultServer];
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidArgumentError(`${source} must be an http:// or https:// URL, got "${url}"`, {
      field: 'server',
    });
  }
  return url.replace(/\/+$/, '');
}
