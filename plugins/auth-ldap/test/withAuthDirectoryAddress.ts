import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A fixed `ldap://127.0.0.1:<port>` in front of whichever slapd is current, as a DNS name or a
 * load balancer is in front of a real directory: `startLdap` picks a new port at every start, and
 * the platform's options name one URL. While closed, nothing listens on the port, so a client
 * gets ECONNREFUSED exactly as from a stopped slapd.
 */
export class DirectoryAddress {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  /** `ldap://127.0.0.1:<port>`; the port stays the same across {@link close} and {@link open}. */
  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on a free port the first time, on the same one after) and relays to `target`. */
  async open(target: string): Promise<void> {
    const { hostname, port } = new URL(target);
    const server = createServer((client) => {
      const upstream = createConnection({ host: hostname, port: Number(port) });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.once('error', () => upstream.destroy());
      upstream.once('error', () => client.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: this.port }, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
    this.port = address.port;
    this.server = server;
  }

  /** Stops listening and cuts every relayed connection. Safe to call twice. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
