import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const child = fileURLToPath(new URL('./fixtures/signalChild.js', import.meta.url));

/** Starts the child, sends `signal` once it is ready, and returns its exit code and log messages. */
function runUntilSignal(stopDelayMs: number, signal: NodeJS.Signals) {
  return new Promise<{ code: number | null; messages: string[] }>((resolve, reject) => {
    const proc = spawn(process.execPath, [child, String(stopDelayMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const messages: string[] = [];
    let buffered = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const msg = (JSON.parse(line) as { msg: string }).msg;
        messages.push(msg);
        if (msg === 'child ready') proc.kill(signal);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, messages }));
  });
}

describe('signal handling', () => {
  it('stops the kernel gracefully on SIGTERM and exits 0', async () => {
    const { code, messages } = await runUntilSignal(10, 'SIGTERM');
    expect(code).to.equal(0);
    expect(messages.slice(-2)).to.deep.equal(['received SIGTERM, stopping', 'kernel stopped']);
  });

  it('exits 1 when a graceful stop on SIGINT passes the deadline', async () => {
    const { code, messages } = await runUntilSignal(5_000, 'SIGINT');
    expect(code).to.equal(1);
    expect(messages.slice(-2)).to.deep.equal([
      'received SIGINT, stopping',
      'graceful stop took longer than 300 ms, exiting',
    ]);
  });
});
