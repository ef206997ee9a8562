import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server on 127.0.0.1 that answers every request with one S3 error, as S3 words it. */
export interface ErrorServer {
  readonly endpoint: string;
  /** How many requests it answered. */
  readonly requests: number;
  stop(): Promise<void>;
}

/** Starts a server answering `status` with `<Error><Code>code</Code>...` (no body for HEAD, as S3). */
export async function startErrorServer(status: number, code: string): Promise<ErrorServer> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'test' });
      res.end(
        req.method === 'HEAD'
          ? undefined
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code} from the test server</Message><RequestId>test</RequestId></Error>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
