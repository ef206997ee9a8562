import { UnavailableError } from '@mlops/plugin-api';
import { ResultCodeError } from 'ldapts';

/**
 * The error for a directory that failed during `step` (e.g. `searching for the user`): it did not
 * answer in time, could not be reached, or refused the operation. The message names the URL and
 * the step, never a password.
 */
export function directoryUnavailable(
  url: string,
  timeoutMs: number,
  step: string,
  cause: unknown,
): UnavailableError {
  if (cause instanceof ResultCodeError) {
    return new UnavailableError(
      `LDAP directory ${url} failed while ${step}: ${describeResult(cause)}`,
      { reason: 'ldap_error' },
      { cause },
    );
  }
  const message = cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
  if (/timed out|timeout/i.test(message)) {
    return new UnavailableError(
      `LDAP directory ${url} did not answer within ${timeoutMs} ms while ${step}`,
      { reason: 'ldap_timeout' },
      { cause },
    );
  }
  return new UnavailableError(
    `LDAP directory ${url} cannot be reached (${message}) while ${step}`,
    { reason: 'ldap_unreachable' },
    { cause },
  );
}

/**
 * `invalid credentials (LDAP result 49)`, plus the server's diagnostic when it sent one. ldapts
 * puts the diagnostic (often empty) before ` Code: 0x..`; the class name says what the code means.
 */
function describeResult(err: ResultCodeError): string {
  const words = err.name
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const diagnostic = err.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  return `${words} (LDAP result ${err.code})${diagnostic === '' ? '' : `: ${diagnostic}`}`;
}
