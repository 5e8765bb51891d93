/**
 * In-process Redis-compatible TCP server over ioredis-mock, used when no REDIS_URL is configured so
 * the app talks to "Redis" through the normal ioredis client (one code path). For trying Pulse out
 * only: single process, in memory, no persistence, no pub/sub, no WATCH.
 */
import { createServer, type Server, type Socket } from 'node:net';
import {
  CommandExecutor,
  toMockArgs,
  unknownCommand,
  type ConnectionState,
  type MockArg,
} from './command-executor';
import { encodeReply, OK, QUEUED, ReplyError } from './resp-encoder';
import { parseCommands, type ParseResult } from './resp-parser';

export interface EmbeddedRedis {
  /** `redis://host:port`, ready for `new Redis(url)`. */
  url: string;
  port: number;
  /** Stops listening, drops every client connection and frees the data. */
  close(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  /** Defaults to 127.0.0.1: the store has no authentication, never expose it. */
  host?: string;
  /** Defaults to 0 (a random free port). */
  port?: number;
}

const SWEEP_INTERVAL_MS = 60_000;

interface Transaction {
  queue: { name: string; args: MockArg[] }[];
  /** A command was rejected while queueing: EXEC must abort, as on Redis. */
  failed: boolean;
}

interface Connection {
  readonly socket: Socket;
  readonly state: ConnectionState;
  chunks: Buffer[];
  buffered: number;
  /** Bytes needed before parsing can make progress (a large bulk string still arriving). */
  needed: number;
  tx: Transaction | null;
  closing: boolean;
}

export async function startEmbeddedRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const host = options.host ?? '127.0.0.1';
  const server = new EmbeddedRedisServer();
  const port = await server.listen(host, options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `redis://${urlHost}:${port}`, port, close: () => server.close() };
}

class EmbeddedRedisServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly executor: CommandExecutor;
  /**
   * Every batch of commands runs on this one chain: execution is globally serial, which makes
   * MULTI/EXEC and Lua scripts atomic and keeps each connection's replies in order.
   */
  private chain: Promise<void> = Promise.resolve();
  private nextId = 1;
  private port = 0;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor() {
    this.executor = new CommandExecutor({
      port: () => this.port,
      connections: () => [...this.connections].map((c) => c.state),
    });
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        this.sweepTimer = setInterval(
          () => this.enqueue(() => this.executor.sweepExpired()),
          SWEEP_INTERVAL_MS,
        );
        this.sweepTimer.unref();
        resolve(this.port);
      });
    });
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of this.connections) conn.socket.destroy();
    this.connections.clear();
    await closed;
    await this.chain;
    await this.executor.close();
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const conn: Connection = {
      socket,
      state: {
        id: this.nextId++,
        address: `${socket.remoteAddress}:${socket.remotePort}`,
        name: null,
        db: 0,
      },
      chunks: [],
      buffered: 0,
      needed: 0,
      tx: null,
      closing: false,
    };
    this.connections.add(conn);
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    // A client vanishing mid-request (ECONNRESET) must not take the process down.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.connections.delete(conn));
  }

  private onData(conn: Connection, chunk: Buffer): void {
    if (conn.closing) return;
    conn.chunks.push(chunk);
    conn.buffered += chunk.length;
    if (conn.buffered < conn.needed) return;

    const buf = conn.chunks.length === 1 ? conn.chunks[0] : Buffer.concat(conn.chunks, conn.buffered);
    let parsed: ParseResult;
    try {
      parsed = parseCommands(buf);
    } catch {
      parsed = { commands: [], consumed: 0, needed: 0, error: 'invalid request' };
    }
    if (parsed.error !== undefined) {
      // Like Redis: run what came before, answer with the error and hang up (no way to resync).
      conn.closing = true;
      conn.chunks = [];
    } else {
      // Copy the tail so a small leftover does not pin a large chunk in memory.
      const rest = Buffer.from(buf.subarray(parsed.consumed));
      conn.chunks = rest.length > 0 ? [rest] : [];
      conn.buffered = rest.length;
      conn.needed = parsed.needed;
    }
    const { commands, error } = parsed;
    if (commands.length > 0 || error !== undefined) {
      this.enqueue(() => this.runBatch(conn, commands, error ?? null));
    }
  }

  private enqueue(task: () => Promise<void>): void {
    // Tasks never reject (runBatch catches), but keep the chain alive whatever happens.
    this.chain = this.chain.then(task).catch(() => undefined);
  }

  private async runBatch(
    conn: Connection,
    commands: Buffer[][],
    protocolError: string | null,
  ): Promise<void> {
    const replies: Buffer[] = [];
    let quit = false;
    for (const raw of commands) {
      if (conn.socket.destroyed) return;
      const name = raw[0].toString('utf8').toLowerCase();
      if (name === 'quit') {
        replies.push(encodeReply(OK));
        quit = true;
        break;
      }
      replies.push(await this.handle(conn, name, toMockArgs(raw.slice(1))));
    }
    if (protocolError !== null)
      replies.push(encodeReply(new ReplyError(`ERR Protocol error: ${protocolError}`)));
    if (conn.socket.destroyed || !conn.socket.writable) return;
    if (replies.length > 0) conn.socket.write(replies.length === 1 ? replies[0] : Buffer.concat(replies));
    if (quit || protocolError !== null) {
      conn.closing = true;
      conn.socket.end();
    }
  }

  /** Transaction commands are per connection; everything else goes to the executor. */
  private async handle(conn: Connection, name: string, args: MockArg[]): Promise<Buffer> {
    switch (name) {
      case 'multi':
        if (conn.tx) return encodeReply(new ReplyError('ERR MULTI calls can not be nested'));
        conn.tx = { queue: [], failed: false };
        return encodeReply(OK);
      case 'exec':
        return this.exec(conn);
      case 'discard':
        if (!conn.tx) return encodeReply(new ReplyError('ERR DISCARD without MULTI'));
        conn.tx = null;
        return encodeReply(OK);
      case 'watch':
        if (conn.tx) return encodeReply(new ReplyError('ERR WATCH inside MULTI is not allowed'));
        // Refuse rather than ignore: a silently ignored WATCH would break optimistic locking.
        return encodeReply(new ReplyError('ERR WATCH is not supported by the embedded Redis'));
      case 'unwatch':
        return encodeReply(OK);
      default:
        break;
    }
    if (conn.tx) {
      if (!this.executor.isKnown(name)) {
        conn.tx.failed = true;
        return encodeReply(unknownCommand(name, args));
      }
      conn.tx.queue.push({ name, args });
      return encodeReply(QUEUED);
    }
    return this.executor.execute(conn.state, name, args);
  }

  private async exec(conn: Connection): Promise<Buffer> {
    const tx = conn.tx;
    if (!tx) return encodeReply(new ReplyError('ERR EXEC without MULTI'));
    conn.tx = null;
    if (tx.failed) {
      return encodeReply(new ReplyError('EXECABORT Transaction discarded because of previous errors.'));
    }
    // Already on the serial chain, so no other client's command can interleave.
    const parts: Buffer[] = [Buffer.from(`*${tx.queue.length}\r\n`)];
    for (const { name, args } of tx.queue) parts.push(await this.executor.execute(conn.state, name, args));
    return Buffer.concat(parts);
  }
}
