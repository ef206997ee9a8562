import type { Logger } from '@mlops/plugin-api';

/** Options of {@link handleSignals}. */
export interface SignalOptions {
  /** How long a graceful stop may take before the process exits with code 1 (default 10 s). */
  deadlineMs?: number;
  /** How to exit; `process.exit` by default. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Calls `stop` on the first SIGINT/SIGTERM, then exits 0, or 1 if it fails or passes the deadline.
 * A second signal exits at once. Returns a function that removes the handlers.
 */
export function handleSignals(
  stop: () => Promise<void>,
  logger: Logger,
  options: SignalOptions = {},
): () => void {
  const {
    deadlineMs = 10_000,
    exit = (code: number) => process.exit(code),
    signals = ['SIGINT', 'SIGTERM'],
  } = options;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, `received ${signal} again, exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal, deadlineMs }, `received ${signal}, stopping`);
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, `graceful stop took longer than ${deadlineMs} ms, exiting`);
      exit(1);
    }, deadlineMs);
    stop().then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err }, 'stop failed');
        exit(1);
      },
    );
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
