import { createToken } from '../Token.js';

/** Where the platform's HTTP API answers, for the CLI and embedding applications to print or call. */
export interface HttpServer {
  /**
   * The base URL the server listens on, e.g. `http://127.0.0.1:5000` (an unspecified host such
   * as `0.0.0.0` is shown as `localhost`); undefined before it listens, after it closes, and when
   * it is mounted into another application instead of listening.
   */
  readonly url: string | undefined;
  /** Path of the OpenAPI 3.1 document, e.g. `/api/openapi.json`. */
  readonly openApiPath: string;
  /** Path of the browsable API documentation, e.g. `/api/docs`. */
  readonly docsPath: string;
}

/** The HTTP server's address and documentation paths (plugins/http). */
export const HttpServer = createToken<HttpServer>({
  id: 'http.server',
  description: 'address of the HTTP API and of its docs',
});
