import { Client } from 'ldapts';
import { directoryUnavailable } from './directoryUnavailable.js';
import type { LdapSettings } from './LdapSettings.js';

/**
 * A client for the directory: connected over TLS for `ldaps://`, upgraded with StartTLS when
 * configured (before any bind, so no password crosses in clear), otherwise connected on first use.
 * Every connect and operation times out after `timeoutMs`. Close it with {@link closeLdapClient}.
 * @throws UnavailableError when StartTLS fails (the directory refuses it or its certificate is not trusted).
 */
export async function openLdapClient(settings: LdapSettings): Promise<Client> {
  const client = new Client({
    url: settings.url,
    timeout: settings.timeoutMs,
    connectTimeout: settings.timeoutMs,
    // ldapts speaks TLS from the start whenever it is given TLS options, whatever the URL says.
    ...(settings.secure ? { tlsOptions: settings.tlsOptions } : {}),
  });
  if (settings.startTls) {
    try {
      // The upgraded socket is already connected: `host` only tells Node which name to check.
      const host = new URL(settings.url).hostname.replace(/^\[(.*)\]$/, '$1');
      await client.startTLS({ host, ...settings.tlsOptions });
    } catch (err) {
      closeLdapClient(client);
      throw directoryUnavailable(settings.url, settings.timeoutMs, 'starting TLS', err);
    }
  }
  return client;
}

/** Unbinds and closes without waiting: the answer cannot change the outcome, and a hung directory would hold it. */
export function closeLdapClient(client: Client): void {
  client.unbind().catch(() => undefined);
}
