import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let source: string | undefined;

/**
 * The minified UMD build of Chart.js (a dependency of this package), read once, to be inlined
 * into a report so that it draws offline and fetches nothing.
 * @throws Error from the file system when chart.js is not installed.
 */
export function chartJsSource(): string {
  if (source === undefined) {
    // chart.js exports no subpath for its UMD file: find it next to the entry point.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    source = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
  }
  return source;
}
