/**
 * Stable codes of config errors, each listed in the package README (a test checks both ways).
 * Retired codes are never reused.
 */
export const configErrorCodes = {
  CONFIG_NOT_FOUND: 'the config file given explicitly does not exist',
  CONFIG_FILE_TYPE: 'the config file given explicitly has an extension no loader reads',
  CONFIG_PARSE: 'the config file has a syntax error (JSON, YAML, TypeScript or JavaScript)',
  CONFIG_LOAD_FAILED:
    'a TypeScript or JavaScript config threw while it was evaluated (often a failed import)',
  CONFIG_INVALID: 'the config, or one of its top-level values, has the wrong type',
  CONFIG_UNKNOWN_KEY: 'the config has a top-level key that is not a config option (often a typo)',
  CONFIG_ENV_MISSING: `a JSON or YAML value uses \${env:NAME} without a default, and NAME is not set`,
  CONFIG_BAD_PLUGIN_ENTRY:
    'a plugins entry is malformed, or a module does not default-export a plugin factory, or a TS/JS entry is not a plugin instance',
  CONFIG_UNKNOWN_PLUGIN:
    'a plugin module named in a JSON or YAML config cannot be resolved from its directory',
  CONFIG_PLUGIN_LOAD_FAILED: 'a plugin module threw while it was imported, or its factory threw',
} as const;

/** A stable config error code. */
export type ConfigErrorCode = keyof typeof configErrorCodes;
