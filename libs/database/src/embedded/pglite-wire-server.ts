import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

interface Connection {
  readonly socket: Socket;
  buffer: Buffer;
  started: boolean;
  /** Typed messages received since the last Sync / Query / Flush. */
  pending: Buffer[];
}

interface Batch {
  conn: Connection;
  message: Buffer;
  /** True when the batch ends in Sync or Query: the backend answers ReadyForQuery after it. */
  complete: boolean;
}

/**
 * A PostgreSQL wire-protocol front for one PGlite, shared by every client connection (the app's pool,
 * the CLI, psql).
 *
 * PGlite is one backend session. `@electric-sql/pglite-socket` queues single protocol messages from all
 * connections, so connection B's Parse/Bind can land between connection A's Bind and Execute and
 * clobber the unnamed statement or portal A is using (`portal "" cannot be run`, electric-sql/pglite
 * #1046). Here the unit of scheduling is a whole request (everything up to Sync or a simple Query), and
 * the session stays with one connection while it is inside a transaction or between Flush and Sync.
 */
export class PgliteWireServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private queue: Batch[] = [];
  /** The connection the session belongs to until it is back to idle (transaction, half-sent request). */
  private owner: Connection | null = null;
  private ownerMidRequest = false;
  private running = false;

  constructor(
    private readonly db: PGlite,
    private readonly maxConnections: number,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of this.connections) conn.socket.destroy();
    await closed;
    // Let the request in flight finish and the disconnect clean-ups run before the caller closes PGlite.
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    if (this.connections.size >= this.maxConnections) {
      socket.end(errorResponse('53300', 'sorry, too many clients already'));
      return;
    }
    const conn: Connection = { socket, buffer: Buffer.alloc(0), started: false, pending: [] };
    this.connections.add(conn);
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose(conn));
  }

  private onData(conn: Connection, chunk: Buffer): void {
    conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
    for (;;) {
      if (!conn.started) {
        if (conn.buffer.length < 8) return;
        const length = conn.buffer.readInt32BE(0);
        if (conn.buffer.length < length) return;
        const code = conn.buffer.readInt32BE(4);
        const message = conn.buffer.subarray(0, length);
        conn.buffer = conn.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          conn.socket.write('N');
        } else if (code === CANCEL_REQUEST) {
          conn.socket.destroy(); // no second backend to signal
          return;
        } else {
          conn.started = true;
          this.enqueue({ conn, message: Buffer.from(message), complete: true });
        }
        continue;
      }
      if (conn.buffer.length < 5) return;
      const length = 1 + conn.buffer.readInt32BE(1);
      if (conn.buffer.length < length) return;
      const type = String.fromCharCode(conn.buffer[0]);
      const message = Buffer.from(conn.buffer.subarray(0, length));
      conn.buffer = conn.buffer.subarray(length);
      if (type === 'X') {
        conn.socket.end();
        return;
      }
      conn.pending.push(message);
      if (type === 'S' || type === 'Q' || type === 'H') {
        this.enqueue({ conn, message: Buffer.concat(conn.pending), complete: type !== 'H' });
        conn.pending = [];
      }
    }
  }

  private onClose(conn: Connection): void {
    this.connections.delete(conn);
    this.queue = this.queue.filter((batch) => batch.conn !== conn);
    if (this.owner === conn) {
      // Hand the session back clean: end a half-sent request, roll back an open transaction.
      this.queue.unshift({ conn, message: Buffer.alloc(0), complete: true });
    }
    this.drain();
  }

  private enqueue(batch: Batch): void {
    this.queue.push(batch);
    this.drain();
  }

  private drain(): void {
    if (this.running) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      if (this.next() !== -1) this.drain();
    });
  }

  private next(): number {
    if (this.owner === null) return this.queue.length > 0 ? 0 : -1;
    return this.queue.findIndex((batch) => batch.conn === this.owner);
  }

  private async run(): Promise<void> {
    for (let index = this.next(); index !== -1; index = this.next()) {
      const [batch] = this.queue.splice(index, 1);
      if (batch.message.length === 0) {
        await this.release();
        continue;
      }
      const { socket } = batch.conn;
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(new Uint8Array(batch.message), {
            onRawData: (data) => {
              if (data.length > 0 && socket.writable) socket.write(Buffer.from(data));
            },
          }),
        );
      } catch {
        socket.destroy();
      }
      this.ownerMidRequest = !batch.complete;
      this.owner = this.ownerMidRequest || this.db.isInTransaction() ? batch.conn : null;
      if (this.owner && !this.connections.has(this.owner)) {
        this.queue.unshift({ conn: this.owner, message: Buffer.alloc(0), complete: true });
      }
    }
  }

  /** The owner disconnected: finish its request and roll back what it left open. */
  private async release(): Promise<void> {
    try {
      await this.db.runExclusive(async () => {
        if (this.ownerMidRequest) await this.db.execProtocolRaw(new Uint8Array([0x53, 0, 0, 0, 4]));
      });
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    } catch {
      // Nothing left to protect: the next request starts from whatever state PGlite reports.
    }
    this.owner = null;
    this.ownerMidRequest = false;
  }
}

/** A FATAL ErrorResponse, for clients refused before startup. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0`, 'utf8'),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
