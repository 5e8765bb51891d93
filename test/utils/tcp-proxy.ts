import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server, so a test can cut and restore the connection
 * (an outage as the app sees it) without stopping the shared PostgreSQL or Redis.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** While set, no byte moves in either direction and new connections are held open unanswered. */
  private holes = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    if (this.server) return this.port;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      if (this.holes) for (const socket of [client, upstream]) socket.pause();
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Refuses new connections and drops the open ones. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drops every open connection with a TCP RST (the peer sees ECONNRESET) and refuses new ones. */
  async reset(): Promise<void> {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    await this.stop();
  }

  /**
   * A network partition (or a SIGSTOPped server): connections stay open but nothing moves in either
   * direction, and new connections are accepted and then ignored. No error reaches the app; only its
   * timers can notice. Bytes wait, as TCP retransmission would deliver them once the partition heals.
   */
  blackhole(): void {
    this.holes = true;
    for (const socket of this.sockets) socket.pause();
  }

  /** Listens again on the same port and lets bytes through: the outage is over. */
  async restore(): Promise<void> {
    this.holes = false;
    for (const socket of this.sockets) socket.resume();
    await this.start(this.port);
  }

  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }
}

export function hostPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)),
  };
}
