import { createToken } from '../Token.js';

/** A log method: `log.info({ runId }, 'run created')` or `log.info('ready')`. */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/** Structured JSON logging; a pino logger satisfies it. Each plugin gets a child with its name. */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** The kernel's logger (provided by the kernel itself). */
export const Logger = createToken<Logger>({
  id: 'core.logger',
  description: 'structured JSON logger (pino)',
});
