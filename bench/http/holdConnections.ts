import { RawConnection } from './RawConnection.js';

/** Options of {@link holdConnections}. */
export interface HoldOptions {
  readonly host: string;
  readonly port: number;
  readonly count: number;
  /** The path of the GET sent on each connection, once after opening and once after the hold. */
  readonly path: string;
  /** Connections being opened at the same time (the server's listen backlog is 511). */
  readonly openConcurrency: number;
  /** Runs while every connection is held; the hold lasts at least `holdMs`. */
  readonly whileHeld: () => Promise<void>;
  readonly holdMs: number;
}

/** What {@link holdConnections} saw. */
export interface HoldResult {
  /** Connections opened whose first request was answered 200. */
  readonly firstAnswered: number;
  /** Milliseconds to open every connection and have every first request answered. */
  readonly openMs: number;
  /** Connections the server closed during the hold. */
  readonly closedDuringHold: number;
  /** Held connections whose second request, sent on all at once after the hold, was answered 200. */
  readonly secondAnswered: number;
  readonly secondMs: number;
  /** Failed connects, non-200 answers and transport errors, both rounds. */
  readonly errors: number;
  readonly firstError?: string;
}

/**
 * Opens `count` keep-alive connections, sends one request on each, holds them all open while
 * `whileHeld` runs, checks that none was closed, sends a second request on every one at once, and
 * closes them.
 */
export async function holdConnections(options: HoldOptions): Promise<HoldResult> {
  const hostHeader = `${options.host}:${options.port}`;
  const connections: RawConnection[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const failed = (err: unknown) => {
    errors++;
    firstError ??= err instanceof Error ? err.message : String(err);
  };
  let firstAnswered = 0;
  const openStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.openConcurrency }, async () => {
      while (next < options.count) {
        next++;
        try {
          const connection = await RawConnection.open(options.host, options.port);
          connections.push(connection);
          const status = await connection.get(options.path, hostHeader);
          if (status === 200) firstAnswered++;
          else failed(new Error(`first request answered ${status}`));
        } catch (err) {
          failed(err);
        }
      }
    }),
  );
  const openMs = performance.now() - openStart;

  const holdStart = performance.now();
  await options.whileHeld();
  const rest = options.holdMs - (performance.now() - holdStart);
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  const closedDuringHold = connections.filter((c) => c.closedByPeer).length;

  const secondStart = performance.now();
  const statuses = await Promise.all(
    connections.map((c) =>
      c.get(options.path, hostHeader).catch((err: unknown) => {
        failed(err);
        return 0;
      }),
    ),
  );
  const secondMs = performance.now() - secondStart;
  let secondAnswered = 0;
  for (const status of statuses) {
    if (status === 200) secondAnswered++;
    else if (status !== 0) failed(new Error(`second request answered ${status}`));
  }
  await Promise.all(connections.map((c) => c.close()));
  const result = { firstAnswered, openMs, closedDuringHold, secondAnswered, secondMs, errors };
  return firstError === undefined ? result : { ...result, firstError };
}
