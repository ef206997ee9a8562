/**
 * What the server answered, kept as the `cause` of every error the client throws for an error
 * answer: `err.cause instanceof ApiResponseError` gives the status, `error_code` and request id.
 */
export class ApiResponseError extends Error {
  constructor(
    /** `GET`, `POST`, ... */
    readonly method: string,
    /** The URL asked for. */
    readonly url: string,
    /** The HTTP status. */
    readonly status: number,
    /** The body's `error_code` (`NOT_FOUND`, ...), or `HTTP_<status>` when the body had none. */
    readonly errorCode: string,
    /** The `x-request-id` of the answer, to quote when reporting a server error. */
    readonly requestId: string | undefined,
  ) {
    super(`${method} ${url} answered ${status} ${errorCode}`);
    this.name = 'ApiResponseError';
  }
}
