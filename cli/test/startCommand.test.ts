import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { fixtureProject } from './fixtureProject.js';

const bin = fileURLToPath(new URL('../src/bin.js', import.meta.url));

/** Runs `mlops start` in `cwd`, sends SIGTERM once it says it is running, and collects its output. */
function startAndStop(cwd: string) {
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const proc = spawn(process.execPath, [bin, 'start'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('press Ctrl-C to stop') && proc.exitCode === null && !proc.killed)
        proc.kill('SIGTERM');
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, out }));
  });
}

describe('mlops start', () => {
  it('starts from the embedded defaults when there is no config, and stops on SIGTERM', async () => {
    const p = fixtureProject();
    try {
      const { code, out } = await startAndStop(p.dir);
      expect(out).to.contain('mlops started from embedded defaults with');
      expect(out).to.contain('"msg":"kernel stopped"');
      expect(code).to.equal(0);
    } finally {
      p.remove();
    }
  });

  it('starts the plugins of the config it finds and prints them', async () => {
    const p = fixtureProject({
      'mlops.config.json': JSON.stringify({ plugins: ['mlops-plugin-greeter'], shutdownTimeoutMs: 2000 }),
    });
    try {
      const { code, out } = await startAndStop(p.dir);
      expect(out).to.contain(`mlops started from ${p.path('mlops.config.json')} with 1 plugins:`);
      expect(out).to.match(/mlops-plugin-greeter {2}2\.1\.0/);
      expect(code).to.equal(0);
    } finally {
      p.remove();
    }
  });
});
