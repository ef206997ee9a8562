import { connect, type Socket } from 'node:net';

/**
 * One keep-alive HTTP/1.1 connection over a bare socket, one request at a time. Lighter than an
 * HTTP client per connection when holding thousands of them, and it shows exactly what the server
 * does with each socket.
 */
export class RawConnection {
  /** True once the socket has closed, whoever closed it. */
  closed = false;
  /** True when the socket closed while this side had not asked for it. */
  closedByPeer = false;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (err: Error) => void } | undefined;
  private closing = false;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      this.closed = true;
      if (!this.closing) this.closedByPeer = true;
      this.fail(new Error('connection closed by the server'));
    });
  }

  /** Connects to host:port. */
  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends `GET path` and resolves to the answer's status once the whole answer is read. */
  get(path: string, host: string): Promise<number> {
    if (this.waiting !== undefined) return Promise.reject(new Error('a request is already in flight'));
    if (this.closed) return Promise.reject(new Error('connection closed by the server'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    });
  }

  /** Ends the connection from this side and waits until it is closed. */
  close(): Promise<void> {
    this.closing = true;
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 5000).unref();
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0 || this.waiting === undefined) return;
    const head = this.buffer.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    const bodyStart = headerEnd + 4;
    let end: number;
    if (length !== null) {
      end = bodyStart + Number(length[1]);
      if (this.buffer.length < end) return;
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
      if (last < 0) return;
      end = last + 7;
    } else {
      end = bodyStart;
    }
    this.buffer = this.buffer.subarray(end);
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(status);
  }

  private fail(err: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(err);
  }
}
