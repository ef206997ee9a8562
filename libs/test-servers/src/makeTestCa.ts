import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway certificate authority and one server certificate it signed, as PEM files. */
export interface TestCa {
  /** The CA certificate (PEM), to give clients as their trusted CA. */
  readonly caFile: string;
  /** The content of `caFile`. */
  readonly ca: string;
  /** The server certificate, valid for `127.0.0.1` and `localhost`. */
  readonly certFile: string;
  /** The server's private key (unencrypted). */
  readonly keyFile: string;
}

/**
 * Makes a self-signed CA and a server certificate for `127.0.0.1` and `localhost` (P-256 keys,
 * valid two days) in `directory`, with the `openssl` command.
 * @throws Error when openssl is missing or fails (with its stderr).
 */
export async function makeTestCa(directory: string): Promise<TestCa> {
  const file = (name: string) => join(directory, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl([
    ...['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2'],
    ...['-subj', '/CN=mlops test CA', '-addext', 'basicConstraints=critical,CA:TRUE'],
    ...['-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  ]);
  await openssl([
    ...['req', '-new', ...ec, '-keyout', file('server.key'), '-out', file('server.csr')],
    ...['-subj', '/CN=127.0.0.1'],
  ]);
  await writeFile(
    file('server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await openssl([
    ...['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key')],
    ...['-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext')],
  ]);
  return {
    caFile: file('ca.pem'),
    ca: await readFile(file('ca.pem'), 'utf8'),
    certFile: file('server.pem'),
    keyFile: file('server.key'),
  };
}

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run('openssl', [...args]);
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(`openssl ${args[0]} failed: ${detail}`, { cause: err });
  }
}
