import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { describeOnStorages } from './storageTargets.js';

const worker = fileURLToPath(new URL('./storageWorker.js', import.meta.url));

/** A started worker: `ready` resolves once it has opened the database, `numbers` when it is done. */
function startWorker(args: Record<string, unknown>) {
  const child = spawn(process.execPath, [worker, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const numbers = new Promise<number[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.slice('ready\n'.length)) as number[]);
      else reject(new Error(`worker exited with ${code}: ${err}`));
    });
  });
  // A worker that dies before it is ready must fail the test rather than hang it.
  return {
    ready: Promise.race([ready, numbers.then(() => undefined)]),
    numbers,
    go: () => child.stdin.end('go\n'),
  };
}

describeOnStorages(
  'trial numbers across processes',
  (target) => {
    it('never hands the same number to two worker processes asking at once on one study', async function () {
      this.timeout(60_000);
      const store = target.freshStore();
      const storage = await target.storage(Date.now, store);
      const study = await storage.createStudy({ name: 'shared', directions: ['minimize'], config: {} });
      const perWorker = 120;
      const args = { ...store, studyId: study.id, count: perWorker, concurrency: 12 };
      const workers = [startWorker(args), startWorker(args)];
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const [a, b] = await Promise.all(workers.map((w) => w.numbers));
      expect(a).to.have.length(perWorker);
      expect(b).to.have.length(perWorker);
      const all = [...a!, ...b!].sort((x, y) => x - y);
      expect(all).to.deep.equal(Array.from({ length: 2 * perWorker }, (_, i) => i));
      expect(await storage.countTrials(study.id, ['RUNNING'])).to.equal(2 * perWorker);
      // Both workers really ran at once: each got numbers from the other's range.
      expect(Math.max(...a!)).to.be.greaterThan(Math.min(...b!));
      expect(Math.max(...b!)).to.be.greaterThan(Math.min(...a!));
    });
  },
  ['postgres', 'sqlite'],
);
