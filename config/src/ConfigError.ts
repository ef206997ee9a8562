import { MlopsError } from '@mlops/plugin-api';
import type { ConfigErrorCode } from './configErrorCodes.js';

/**
 * A config file that cannot be used. The message starts with the file's path; `code` says what
 * went wrong (see {@link configErrorCodes}) and `details.field` names the value at fault, if one is.
 */
export class ConfigError extends MlopsError {
  readonly category = 'InvalidArgument' as const;
  declare readonly code: ConfigErrorCode;
  /** The absolute path of the config file. */
  readonly filepath: string;

  constructor(
    code: ConfigErrorCode,
    filepath: string,
    problem: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(`${filepath}: ${problem}`, options.field === undefined ? {} : { field: options.field }, {
      code,
      cause: options.cause,
    });
    this.filepath = filepath;
  }
}
