import { readFileSync } from 'node:fs';

interface Snapshot {
  readonly at: number;
  /** Seconds of CPU, all cpus together. */
  readonly busy: number;
  readonly steal: number;
  readonly server: number;
  readonly self: number;
}

const clockTicksPerSecond = 100;

/**
 * How busy the machine was between two calls, beside the server and this process: the CPU that
 * other processes and the kernel's own work (interrupts) used, and the time the hypervisor
 * stole. Either one high means the figures were taken on a shared, not a quiet, machine.
 */
export class MachineLoad {
  private last: Snapshot;

  constructor(private readonly serverCpuSeconds: () => number) {
    this.last = this.snapshot();
  }

  /** Since the previous call: `other 0.12 cores, steal 0.00 cores`. */
  sinceLast(): string {
    const now = this.snapshot();
    const seconds = (now.at - this.last.at) / 1000;
    const others = now.busy - this.last.busy - (now.server - this.last.server) - (now.self - this.last.self);
    const steal = now.steal - this.last.steal;
    this.last = now;
    return `other CPU ${Math.max(0, others / seconds).toFixed(2)} cores, steal ${(steal / seconds).toFixed(2)}`;
  }

  private snapshot(): Snapshot {
    // cpu  user nice system idle iowait irq softirq steal ...
    const cpu = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    const self = process.cpuUsage();
    return {
      at: performance.now(),
      busy: (user + nice + system + irq + softirq) / clockTicksPerSecond,
      steal: steal / clockTicksPerSecond,
      server: this.serverCpuSeconds(),
      self: (self.user + self.system) / 1e6,
    };
  }
}
