import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { FilterParser } from 'ldapts';
import type { AuthLdapOptions } from './options.js';
import { renderFilter } from './renderFilter.js';
import { SecretString } from './SecretString.js';

/** The plugin's options checked against each other, with the CA file read: what a check needs. */
export interface LdapSettings extends Omit<AuthLdapOptions, 'tls' | 'bindPassword'> {
  /** Kept wrapped so that logging the settings cannot print it. */
  readonly bindPassword?: SecretString;
  /** True for `ldaps://` URLs. */
  readonly secure: boolean;
  /** Passed to Node's TLS layer, for LDAPS and for StartTLS alike. */
  readonly tlsOptions: ConnectionOptions;
}

/**
 * Checks what the schema cannot (StartTLS on an `ldaps://` URL, a CA given twice, filters that do
 * not parse) and reads `tls.caFile`.
 * @throws InvalidArgumentError naming the field (`/startTls`, `/tls/caFile`, `/userFilter`, `/groupFilter`).
 */
export async function resolveLdapSettings(options: AuthLdapOptions): Promise<LdapSettings> {
  const { tls, bindPassword, ...rest } = options;
  const url = new URL(options.url);
  const secure = url.protocol === 'ldaps:';
  if (secure && options.startTls) {
    throw new InvalidArgumentError(
      `startTls is for ldap:// URLs; ${options.url} is already TLS from the start: drop startTls or use ldap://`,
      { field: '/startTls' },
    );
  }
  checkFilter('userFilter', options.userFilter, false);
  checkFilter('groupFilter', options.groupFilter, true);
  if (tls.ca !== undefined && tls.caFile !== undefined) {
    throw new InvalidArgumentError('give tls.ca or tls.caFile, not both', { field: '/tls/caFile' });
  }
  let ca = tls.ca;
  if (tls.caFile !== undefined) {
    try {
      ca = await readFile(tls.caFile, 'utf8');
    } catch (err) {
      throw new InvalidArgumentError(
        `tls.caFile "${tls.caFile}" cannot be read: ${(err as Error).message}`,
        { field: '/tls/caFile' },
        { cause: err },
      );
    }
  }
  const tlsOptions: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (ca !== undefined) tlsOptions.ca = ca;
  // Node checks the certificate against `servername` when given, else against the host connected to.
  if (tls.servername !== undefined) tlsOptions.servername = tls.servername;
  return {
    ...rest,
    ...(bindPassword === undefined ? {} : { bindPassword: new SecretString(bindPassword) }),
    secure,
    tlsOptions,
  };
}

/** Parses the filter with sample values, so a typo fails at setup rather than at every login. */
function checkFilter(field: 'userFilter' | 'groupFilter', template: string, knowsDn: boolean): void {
  try {
    FilterParser.parseString(renderFilter(template, knowsDn ? { login: 'x', dn: 'cn=x' } : { login: 'x' }));
  } catch (err) {
    const reason =
      template.includes('{dn}') && !knowsDn
        ? "only groupFilter knows the user's {dn}"
        : (err as Error).message;
    throw new InvalidArgumentError(
      `${field} ${template} is not a valid LDAP filter: ${reason}`,
      { field: `/${field}` },
      { cause: err },
    );
  }
}
