import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The bench's serving server, in a child process so it does not share the load's event loop. */
export interface ServingServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Predictions per second the server measured in-process (32 concurrent callers, no HTTP) before it listened. */
  readonly inProcessRate: number;
  stop(): Promise<void>;
}

const entries = {
  serving: fileURLToPath(new URL('./servingServer.js', import.meta.url)),
  floor: fileURLToPath(new URL('./floorServer.js', import.meta.url)),
  bare: fileURLToPath(new URL('./bareServer.js', import.meta.url)),
};

/** Starts `servingServer.js` (or the bare koa `floorServer.js`, or the framework-free `bareServer.js`) with `env` and resolves once it prints its URL. */
export async function startServingServer(
  env: Record<string, string>,
  which: keyof typeof entries = 'serving',
): Promise<ServingServerProcess> {
  // e.g. SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server alone.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, entries[which]], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [url, inProcessRate] = await new Promise<[string, number]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`the serving server did not start in 60 s:\n${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\S+) (\d+)/.exec(out);
      if (ready !== null) {
        clearTimeout(timer);
        resolve([ready[1]!, Number(ready[2])]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the serving server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    inProcessRate,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      process.removeListener('exit', killOnExit);
    },
  };
}
