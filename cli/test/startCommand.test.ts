import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { fixtureProject } from './fixtureProject.js';

const bin = fileURLToPath(new URL('../src/bin.js', import.meta.url));

/**
 * Runs `mlops start` in `cwd`; once it says it is running, calls `whileRunning` with its output so
 * far, then sends SIGTERM and collects the rest.
 */
function startAndStop(
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; whileRunning?: (out: string) => Promise<void> } = {},
) {
  return new Promise<{ code: number | null; out: string; failure?: unknown }>((resolve, reject) => {
    const proc = spawn(process.execPath, [bin, 'start'], {
      cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let running = false;
    let failure: unknown;
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (running || !out.includes('press Ctrl-C to stop')) return;
      running = true;
      (options.whileRunning?.(out) ?? Promise.resolve())
        .catch((err: unknown) => {
          failure = err;
        })
        .finally(() => {
          if (proc.exitCode === null && !proc.killed) proc.kill('SIGTERM');
        });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, out, failure }));
  });
}

/** The base URL `mlops start` printed. */
function apiUrl(out: string): string {
  const match = /^API: {2}(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
  if (!match) throw new Error(`no API URL in the output:\n${out}`);
  return match[1]!;
}

describe('mlops start', () => {
  it('starts from the embedded defaults when there is no config, serves the API, and stops on SIGTERM', async () => {
    const p = fixtureProject();
    try {
      const seen: Record<string, unknown> = {};
      const { code, out, failure } = await startAndStop(p.dir, {
        env: { MLOPS_PORT: '0' },
        async whileRunning(text) {
          const url = apiUrl(text);
          seen.docsLine = text.includes(`docs: ${url}/api/docs`);
          seen.health = (await fetch(`${url}/healthz`)).status;
          const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string };
          seen.openapi = doc.openapi;
        },
      });
      expect(failure).to.equal(undefined);
      expect(out).to.contain('mlops started from embedded defaults with 5 plugins:');
      expect(out).to.match(/@mlops\/plugin-http +0\.1\.0/);
      expect(seen).to.deep.equal({ docsLine: true, health: 200, openapi: '3.1.0' });
      expect(out).to.contain('"msg":"kernel stopped"');
      expect(code).to.equal(0);
    } finally {
      p.remove();
    }
  });

  it('starts the plugins of the config it finds and prints them, and the API URL when it has one', async () => {
    const p = fixtureProject({
      'mlops.config.json': JSON.stringify({
        plugins: ['mlops-plugin-greeter', ['@mlops/plugin-http', { port: 0 }]],
        shutdownTimeoutMs: 2000,
      }),
    });
    try {
      let ready = 0;
      const { code, out, failure } = await startAndStop(p.dir, {
        async whileRunning(text) {
          ready = (await fetch(`${apiUrl(text)}/readyz`)).status;
        },
      });
      expect(failure).to.equal(undefined);
      expect(out).to.contain(`mlops started from ${p.path('mlops.config.json')} with 2 plugins:`);
      expect(out).to.match(/mlops-plugin-greeter {2}2\.1\.0/);
      expect(ready).to.equal(200);
      expect(code).to.equal(0);
    } finally {
      p.remove();
    }
  });

  it('prints no API URL when no plugin listens', async () => {
    const p = fixtureProject({ 'mlops.config.json': JSON.stringify({ plugins: ['mlops-plugin-greeter'] }) });
    try {
      const { code, out } = await startAndStop(p.dir);
      expect(out).to.contain('with 1 plugins:');
      expect(out).not.to.contain('API:');
      expect(code).to.equal(0);
    } finally {
      p.remove();
    }
  });
});
