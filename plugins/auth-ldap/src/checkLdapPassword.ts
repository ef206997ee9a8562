import type { Client, Entry } from 'ldapts';
import { InappropriateAuthError, InvalidCredentialsError } from 'ldapts';
import { directoryUnavailable } from './directoryUnavailable.js';
import type { LdapSettings } from './LdapSettings.js';
import type { LdapGroup } from './mapLdapGroups.js';
import { closeLdapClient, openLdapClient } from './openLdapClient.js';
import { renderFilter } from './renderFilter.js';

/** A user the directory accepted the password of. */
export interface LdapUser {
  readonly dn: string;
  /** The login as the directory spells it. */
  readonly login: string;
  readonly displayName?: string;
  readonly email?: string;
  readonly groups: readonly LdapGroup[];
}

/** What the directory said; `ambiguous` when the user filter matched more than one entry. */
export type LdapAnswer =
  | { readonly outcome: 'accepted'; readonly user: LdapUser }
  | { readonly outcome: 'unknown-user' }
  | { readonly outcome: 'rejected' }
  | { readonly outcome: 'ambiguous'; readonly dns: readonly string[] };

/**
 * Asks the directory whether `password` is `login`'s: binds as the service account (or stays
 * anonymous), searches the user with the user filter, binds as the user's DN with the password on
 * a second connection, then searches the user's groups as the service account. The password must
 * not be empty: many directories take an empty-password bind as an anonymous one, and succeed.
 * @throws UnavailableError when the directory cannot be reached, times out or fails a step.
 */
export async function checkLdapPassword(
  settings: LdapSettings,
  login: string,
  password: string,
): Promise<LdapAnswer> {
  if (password === '') return { outcome: 'rejected' };
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw directoryUnavailable(settings.url, settings.timeoutMs, what, err);
    }
  };
  const service = await openLdapClient(settings);
  try {
    const { bindDn, bindPassword } = settings;
    if (bindDn !== undefined && bindPassword !== undefined) {
      await step('binding as the service account', () => service.bind(bindDn, bindPassword.reveal()));
    }
    const found = await step('searching for the user', () =>
      service.search(settings.userSearchBase, {
        scope: 'sub',
        filter: renderFilter(settings.userFilter, { login }),
        attributes: [settings.loginAttribute, settings.displayNameAttribute, settings.emailAttribute],
        // Two are enough to tell "one" from "more than one".
        sizeLimit: 2,
      }),
    );
    const entries = found.searchEntries;
    if (entries.length === 0) return { outcome: 'unknown-user' };
    if (entries.length > 1) return { outcome: 'ambiguous', dns: entries.map((e) => e.dn) };
    const entry = entries[0]!;
    if (!(await bindsAs(settings, entry.dn, password))) return { outcome: 'rejected' };
    const groups = await step("searching the user's groups", () =>
      searchGroups(service, settings, login, entry.dn),
    );
    const displayName = firstValue(entry, settings.displayNameAttribute);
    const email = firstValue(entry, settings.emailAttribute);
    return {
      outcome: 'accepted',
      user: {
        dn: entry.dn,
        login: loginOf(entry, settings.loginAttribute, login),
        ...(displayName === undefined ? {} : { displayName }),
        ...(email === undefined ? {} : { email }),
        groups,
      },
    };
  } finally {
    closeLdapClient(service);
  }
}

/** Binds on a connection of its own, so the service connection keeps the service account's rights. */
async function bindsAs(settings: LdapSettings, dn: string, password: string): Promise<boolean> {
  const client = await openLdapClient(settings);
  try {
    await client.bind(dn, password);
    return true;
  } catch (err) {
    if (err instanceof InvalidCredentialsError || err instanceof InappropriateAuthError) return false;
    throw directoryUnavailable(settings.url, settings.timeoutMs, 'binding as the user', err);
  } finally {
    closeLdapClient(client);
  }
}

async function searchGroups(
  client: Client,
  settings: LdapSettings,
  login: string,
  dn: string,
): Promise<LdapGroup[]> {
  if (settings.groupSearchBase === undefined) return [];
  const { searchEntries } = await client.search(settings.groupSearchBase, {
    scope: 'sub',
    filter: renderFilter(settings.groupFilter, { login, dn }),
    attributes: [settings.groupNameAttribute],
  });
  return searchEntries.map((e) => ({ dn: e.dn, names: values(e, settings.groupNameAttribute) }));
}

/** The string values of an attribute, its name matched case-insensitively (servers may change its case). */
function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? undefined : entry[key];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

function firstValue(entry: Entry, attribute: string): string | undefined {
  return values(entry, attribute)[0];
}

/** The directory's spelling of the login: the value equal to the one typed (case aside), else the first. */
function loginOf(entry: Entry, attribute: string, typed: string): string {
  const all = values(entry, attribute);
  return all.find((v) => v.toLowerCase() === typed.toLowerCase()) ?? all[0] ?? typed;
}
