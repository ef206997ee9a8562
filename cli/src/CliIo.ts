/** Standard error when it is a terminal: where progress bars are drawn. */
export interface CliTerminal {
  /** Its width in characters. */
  readonly columns: number;
  /** Writes text as is (no newline added), so a bar can redraw its line with `\r`. */
  write(text: string): void;
}

/** Where the CLI writes, and the environment it reads; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** The environment (`MLOPS_SERVER`); the process's own when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Standard error when it is a terminal; absent when not, and then no progress is drawn. */
  readonly terminal?: CliTerminal;
}

/** The process's own standard output and error. */
export const processIo: CliIo = {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  get terminal(): CliTerminal | undefined {
    if (!process.stderr.isTTY) return undefined;
    return { columns: process.stderr.columns || 80, write: (text) => void process.stderr.write(text) };
  },
};
