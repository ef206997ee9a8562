import {
  ConflictError,
  FailedPreconditionError,
  InternalError,
  isMlopsError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';
import type { S3Location } from './S3Location.js';

/** The fields of an AWS SDK v3 error (or a Node network error) that decide its category. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const notFound = new Set(['NoSuchKey', 'NotFound']);
const badCredentials = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
]);

/**
 * Maps an S3 or network failure onto the error taxonomy. `subject` names what was being done to
 * what (`reading blob "a/b"`), and `missing` is the NotFound message. Messages name the bucket and
 * endpoint but never credentials. Errors of the taxonomy pass through unchanged.
 */
export function mapS3Error(err: unknown, location: S3Location, subject: string, missing?: string): Error {
  if (isMlopsError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  // A HEAD answer has no body, so the SDK cannot name the error: the status says it all.
  const name =
    e.name === undefined || e.name === 'Unknown'
      ? status === undefined
        ? 'Error'
        : `HTTP ${status}`
      : e.name;
  const where = location.describe();
  const options = { cause: err };
  if (name === 'NoSuchBucket') {
    return new FailedPreconditionError(`${where} does not exist (${subject})`, { field: 'bucket' }, options);
  }
  if (missing !== undefined && (notFound.has(name) || status === 404)) {
    return new NotFoundError(missing, { field: 'key' }, options);
  }
  if (badCredentials.has(name)) {
    return new UnauthenticatedError(
      `${where} refused the credentials (${name}) while ${subject}`,
      {},
      options,
    );
  }
  if (name === 'AccessDenied' || status === 403) {
    return new PermissionDeniedError(`${where} denied access (${name}) while ${subject}`, {}, options);
  }
  if (name === 'PreconditionFailed' || status === 412) {
    return new ConflictError(`the object changed on ${where} while ${subject}; try again`, {}, options);
  }
  if (status !== undefined && status >= 500) {
    return new UnavailableError(
      `${where} did not answer (HTTP ${status} ${name}) while ${subject}`,
      {},
      options,
    );
  }
  if (status === undefined && isNetworkFailure(e)) {
    return new UnavailableError(`${where} did not answer (${e.code ?? name}) while ${subject}`, {}, options);
  }
  const answer = status === undefined ? `failed with ${name}` : `answered HTTP ${status} ${name}`;
  return new InternalError(`${where} ${answer} while ${subject}`, {}, options);
}

/** A connection that failed or timed out before any HTTP answer: a Node socket error or the SDK's timeout. */
function isNetworkFailure(e: SdkErrorShape): boolean {
  return (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) || e.name === 'TimeoutError';
}
