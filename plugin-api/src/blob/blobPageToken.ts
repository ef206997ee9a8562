import { InvalidArgumentError } from '../errors.js';

/** The token of the page after `lastKey`: the key itself, base64url-encoded so callers treat it as opaque. */
export function encodeBlobPageToken(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/**
 * The last key of the previous page. Resuming after a key, not an offset, keeps paging exact
 * when objects are added or deleted between pages.
 * @throws InvalidArgumentError with `details.field` `pageToken` for a token this store did not make.
 */
export function decodeBlobPageToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (key === '' || encodeBlobPageToken(key) !== token) {
    throw new InvalidArgumentError(`pageToken ${JSON.stringify(token)} is not one this store returned`, {
      field: 'pageToken',
    });
  }
  return key;
}
