import type { CliIo, CliTerminal } from '../../CliIo.js';

/** Bytes in binary units: `512 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A progress bar on a terminal's stderr, redrawn in place at most ten times a second:
 * `upload model.bin [########............] 40% 4.0 MiB/10.0 MiB`, or the bytes alone when the
 * total is unknown. {@link ProgressBar.for} gives none when stderr is not a terminal.
 */
export class ProgressBar {
  private done = 0;
  private drawnAt = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly terminal: CliTerminal,
    private readonly label: string,
    private readonly total: number | undefined,
  ) {}

  /** A bar when stderr is a terminal, else undefined. */
  static for(io: CliIo, label: string, total?: number): ProgressBar | undefined {
    return io.terminal === undefined ? undefined : new ProgressBar(io.terminal, label, total);
  }

  /** Counts bytes done; redraws when the last drawing is 100 ms old. */
  add(bytes: number): void {
    this.done += bytes;
    const now = Date.now();
    if (now - this.drawnAt < 100) return;
    this.drawnAt = now;
    this.draw();
  }

  /** Draws the final state and ends the line, so what follows starts on a line of its own. */
  end(): void {
    this.draw();
    this.terminal.write('\n');
  }

  private draw(): void {
    let line: string;
    if (this.total === undefined || this.total === 0) {
      line = `${this.label} ${formatBytes(this.done)}`;
    } else {
      const percent = Math.min(100, Math.floor((this.done * 100) / this.total));
      const amount = `${percent}% ${formatBytes(this.done)}/${formatBytes(this.total)}`;
      const width = Math.max(10, Math.min(40, this.terminal.columns - this.label.length - amount.length - 5));
      const filled = Math.round((width * percent) / 100);
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${amount}`;
    }
    // \x1b[K clears what a longer earlier drawing left at the end of the line.
    this.terminal.write(`\r${line}\x1b[K`);
  }
}
