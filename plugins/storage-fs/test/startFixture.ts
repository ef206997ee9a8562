import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A fixture script running in a child process, with what it printed so far. */
export interface Fixture {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line that starts with `start`; rejects if the child exits first. */
  line(start: string): Promise<string>;
  /** Resolves with the exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Runs `test/fixtures/<name>.ts` (compiled to `dist/test/fixtures/<name>.js`) with `args`. */
export function startFixture(
  name: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): Fixture {
  const script = fileURLToPath(new URL(`./fixtures/${name}.js`, import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (data: Buffer) => {
    stdout += data.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString('utf8');
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const wake of waiters.splice(0)) wake();
      resolve(signal ?? (code as number));
    });
  });
  const line = async (start: string): Promise<string> => {
    for (;;) {
      const found = stdout.split('\n').find((l) => l.startsWith(start) && stdout.includes(`${l}\n`));
      if (found !== undefined) return found;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`fixture ${name} exited before printing "${start}": ${stdout}${stderr}`);
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, line, exited };
}
