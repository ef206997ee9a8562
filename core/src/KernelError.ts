import { type ErrorCategory, MlopsError } from '@mlops/plugin-api';
import type { KernelErrorCode } from './kernelErrorCodes.js';

/** An error of the kernel itself: a bad plugin set, bad options, or a lifecycle failure. */
export class KernelError extends MlopsError {
  readonly category: ErrorCategory;
  declare readonly code: KernelErrorCode;
  /** One line per problem found, when the kernel gathered several. */
  readonly problems: readonly string[];

  constructor(
    code: KernelErrorCode,
    problems: readonly string[],
    options: { category?: ErrorCategory; cause?: unknown } = {},
  ) {
    super(problems.join('\n'), {}, { code, cause: options.cause });
    this.category = options.category ?? 'FailedPrecondition';
    this.problems = problems;
  }
}
