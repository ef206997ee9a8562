import { ConfigError } from './ConfigError.js';
import { messageOf } from './messageOf.js';

/**
 * Turns what cosmiconfig or a loader threw while reading a config into a ConfigError, keeping it
 * as the cause: CONFIG_NOT_FOUND, CONFIG_PARSE for a syntax error, CONFIG_LOAD_FAILED otherwise.
 */
export function wrapLoadError(error: unknown, fallbackPath: string): ConfigError {
  const {
    filepath = fallbackPath,
    code,
    name,
  } = error as { filepath?: string; code?: unknown; name?: unknown };
  if (code === 'ENOENT')
    return new ConfigError('CONFIG_NOT_FOUND', filepath, 'no such file', { cause: error });
  const message = messageOf(error)
    // cosmiconfig repeats the path, which our message already starts with
    .replace(/^(JSON|YAML) Error in [^\n]*:\n/, '')
    // jiti reports a require stack of one: the config itself
    .replace(/\nRequire stack:.*$/s, '')
    .replace(/[ \t]+$/gm, '');
  // jiti's TypeScript syntax errors are plain Errors whose message says ParseError
  const jitiParse = /^ParseError: /.exec(message);
  if (name === 'JSONError' || name === 'YAMLException' || name === 'SyntaxError' || jitiParse !== null) {
    const detail = message.replace(/^ParseError: /, '');
    return new ConfigError('CONFIG_PARSE', filepath, `syntax error: ${detail}`, { cause: error });
  }
  return new ConfigError('CONFIG_LOAD_FAILED', filepath, `loading the config failed: ${message}`, {
    cause: error,
  });
}
