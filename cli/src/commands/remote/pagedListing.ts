import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { collect, positiveInteger } from './argumentParsers.js';
import type { Remote, RemoteOptions } from './remoteCommand.js';

/** The options every `list` command takes. */
export interface ListingOptions extends RemoteOptions {
  readonly filter?: string;
  readonly orderBy?: string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly all?: boolean;
}

/** The query fields of the native API's listings, from {@link ListingOptions}. */
export interface ListingQuery {
  filter?: string;
  order_by?: string[];
  max_results?: number;
  page_token?: string;
  view_type?: 'ALL';
}

/** What a listing's help says of its filter and order, and what `--all` adds. */
export interface ListingHelp {
  readonly filterExample: string;
  readonly orderExample: string;
  /** e.g. `deleted runs`. */
  readonly deleted: string;
}

/** Adds `--filter`, `--order-by` (repeatable), `--max-results`, `--page-token` and `--all`. */
export function addListingOptions(command: Command, help: ListingHelp): Command {
  return command
    .option('--filter <expression>', `filter language of the service, e.g. "${help.filterExample}"`)
    .option('--order-by <clause>', `e.g. "${help.orderExample}" (repeatable)`, collect)
    .option('--max-results <n>', 'at most this many (one page)', positiveInteger)
    .option('--page-token <token>', 'the next page, from a previous listing')
    .option('--all', `include ${help.deleted}`);
}

/** The query of the options that were given. */
export function listingQuery(options: ListingOptions): ListingQuery {
  return {
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.orderBy === undefined ? {} : { order_by: options.orderBy }),
    ...(options.maxResults === undefined ? {} : { max_results: options.maxResults }),
    ...(options.pageToken === undefined ? {} : { page_token: options.pageToken }),
    ...(options.all ? { view_type: 'ALL' as const } : {}),
  };
}

/**
 * Prints a page: as JSON with `--json`, else `empty` or the table, and on stderr how to get the
 * next page when there is one.
 */
export function showPage(
  io: CliIo,
  remote: Remote,
  page: { readonly next_page_token?: string },
  noun: string,
  lines: { readonly count: number; readonly empty: string; readonly table: () => readonly string[] },
): void {
  remote.show(page, () => (lines.count === 0 ? [lines.empty] : lines.table()));
  if (page.next_page_token !== undefined && !remote.json) {
    io.err(`more ${noun}: add --page-token ${page.next_page_token}`);
  }
}
