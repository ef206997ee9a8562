import type { Logger } from '@mlops/plugin-api';
import { type DestinationStream, pino } from 'pino';

/** Paths pino replaces with `[redacted]` in every line, so secrets never reach the logs. */
export const redactedLogPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level; defaults to `LOG_LEVEL` or `info`. */
  level?: string;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

/** The kernel's structured JSON logger (pino), with secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const settings = { level, redact: { paths: redactedLogPaths, censor: '[redacted]' } };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
