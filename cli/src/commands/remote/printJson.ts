import type { CliIo } from '../../CliIo.js';

// The client turns the wire's "NaN" and "Infinity" into numbers; JSON.stringify would print null.
function wireDouble(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Prints a value as indented JSON on stdout, non-finite numbers as the server writes them. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, wireDouble, 2));
}
