import type { Conditional } from './registryWire.js';

/** The `If-Match` header of a conditional change: the revision as a strong ETag (`"3"`). */
export function ifMatchHeader(options: Conditional): Record<string, string> {
  return options.ifMatch === undefined ? {} : { 'if-match': `"${options.ifMatch}"` };
}
