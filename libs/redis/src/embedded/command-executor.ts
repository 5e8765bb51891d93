/**
 * Executes one Redis command against ioredis-mock and returns the encoded RESP reply. Connection
 * state (transactions, QUIT) lives in the server; everything about data lives here.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import RedisMock from 'ioredis-mock';
import { BUFFER_REPLY_COMMANDS, MOCK_COMMANDS, hasValidArity } from './mock-commands';
import { encodeReply, OK, ReplyError, toReplyError } from './resp-encoder';
import { HyperLogLogEmulation } from './hyperloglog';

export const DATABASES = 16;

/** Arguments as ioredis-mock wants them: text as strings, binary data kept as Buffers. */
export type MockArg = string | Buffer;
type MockFn = (...args: MockArg[]) => Promise<unknown>;
export type MockClient = InstanceType<typeof RedisMock>;

export interface ConnectionState {
  readonly id: number;
  readonly address: string;
  name: string | null;
  db: number;
}

export interface ServerView {
  port(): number;
  connections(): readonly ConnectionState[];
}

export function wrongArgs(name: string): ReplyError {
  return new ReplyError(`ERR wrong number of arguments for '${name}' command`);
}

export function unknownCommand(name: string, args: readonly MockArg[]): ReplyError {
  const preview = args
    .slice(0, 3)
    .map((a) => `'${(typeof a === 'string' ? a : '<binary>').slice(0, 64)}'`)
    .join(' ');
  return new ReplyError(`ERR unknown command '${name.slice(0, 64)}', with args beginning with: ${preview}`);
}

export function toMockArgs(raw: readonly Buffer[]): MockArg[] {
  return raw.map((b) => (isUtf8(b) ? b.toString('utf8') : b));
}

export class CommandExecutor {
  /** ioredis-mock shares data between instances with equal host/port/db: a unique host isolates us. */
  private readonly namespace = `pulse-embedded-${randomUUID()}`;
  private readonly dbs = new Map<number, MockClient>();
  private readonly scripts = new Map<string, string>();
  private readonly hll = new HyperLogLogEmulation();
  private readonly startedAt = Date.now();
  /** Per database, keys that were given a TTL (see sweepExpired). */
  private readonly ttlKeys = new Map<number, Set<string>>();

  constructor(private readonly view: ServerView) {}

  db(index: number): MockClient {
    let mock = this.dbs.get(index);
    if (!mock) {
      mock = new RedisMock({ host: this.namespace, port: 6379, db: index, lazyConnect: false });
      this.dbs.set(index, mock);
    }
    return mock;
  }

  /** Runs a command; never throws: failures become RESP error replies. */
  async execute(conn: ConnectionState, name: string, args: MockArg[]): Promise<Buffer> {
    try {
      return await this.run(conn, name, args);
    } catch (err) {
      return encodeReply(toReplyError(err));
    }
  }

  /** Is `name` a command this server can queue inside MULTI? */
  isKnown(name: string): boolean {
    return MOCK_COMMANDS.has(name) || SPECIAL.has(name);
  }

  /**
   * ioredis-mock only expires a key when it is touched, so keys nobody reads again would stay in
   * memory forever. Keys given a TTL are remembered and probed here (PTTL deletes them if expired).
   */
  async sweepExpired(): Promise<void> {
    for (const [index, keys] of this.ttlKeys) {
      const mock = this.db(index);
      for (const key of keys) if ((await mock.pttl(key)) < 0) keys.delete(key);
    }
    await this.hll.sweep(this.dbs.values());
  }

  async close(): Promise<void> {
    for (const mock of this.dbs.values()) {
      // Mock data lives in a module-level map keyed by namespace: free it explicitly.
      await mock.flushdb();
      mock.disconnect();
    }
    this.dbs.clear();
  }

  private async run(conn: ConnectionState, name: string, args: MockArg[]): Promise<Buffer> {
    const mock = this.db(conn.db);
    switch (name) {
      case 'ping':
        if (args.length > 1) throw wrongArgs(name);
        return encodeReply(args.length === 1 ? asBuffer(args[0]) : 'PONG');
      case 'echo':
        if (args.length !== 1) throw wrongArgs(name);
        return encodeReply(asBuffer(args[0]));
      case 'info':
        return encodeReply(await this.info());
      case 'select':
        if (args.length !== 1) throw wrongArgs(name);
        conn.db = parseDbIndex(args[0]);
        return encodeReply(OK);
      case 'client':
        return encodeReply(this.client(conn, args));
      case 'command':
        // redis-cli asks for COMMAND DOCS on start; an empty answer is valid.
        return encodeReply(args.length > 0 && String(args[0]).toLowerCase() === 'count' ? 0 : []);
      case 'flushdb':
        await mock.flushdb();
        this.ttlKeys.delete(conn.db);
        return encodeReply(OK);
      case 'flushall':
        for (const db of this.dbs.values()) await db.flushdb();
        this.ttlKeys.clear();
        this.hll.clear();
        return encodeReply(OK);
      case 'script':
        return encodeReply(this.script(args));
      case 'eval':
        return this.evalScript(mock, name, args);
      case 'evalsha': {
        if (args.length < 2) throw wrongArgs(name);
        const source = this.scripts.get(String(args[0]).toLowerCase());
        if (source === undefined) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
        return this.evalScript(mock, name, [source, ...args.slice(1)]);
      }
      case 'pfadd':
        if (args.length < 1) throw wrongArgs(name);
        return encodeReply(await this.hll.add(mock, args[0], args.slice(1)));
      case 'pfcount':
        if (args.length < 1) throw wrongArgs(name);
        return encodeReply(await this.hll.count(mock, args));
      case 'pfmerge':
        if (args.length < 1) throw wrongArgs(name);
        await this.hll.merge(mock, args[0], args.slice(1));
        return encodeReply(OK);
      default: {
        const reply = await this.dispatch(mock, name, args);
        if (setsTtl(name, args) && typeof args[0] === 'string') this.trackTtl(conn.db, args[0]);
        return reply;
      }
    }
  }

  private trackTtl(db: number, key: string): void {
    let keys = this.ttlKeys.get(db);
    if (!keys) {
      keys = new Set();
      this.ttlKeys.set(db, keys);
    }
    keys.add(key);
  }

  private async dispatch(mock: MockClient, name: string, args: MockArg[]): Promise<Buffer> {
    if (!MOCK_COMMANDS.has(name)) throw unknownCommand(name, args);
    if (!hasValidArity(name, args.length)) throw wrongArgs(name);
    const methods = mock as unknown as Record<string, unknown>;
    const bufferFn = BUFFER_REPLY_COMMANDS.has(name) ? methods[`${name}Buffer`] : undefined;
    const fn = typeof bufferFn === 'function' ? bufferFn : methods[name];
    if (typeof fn !== 'function') throw unknownCommand(name, args);
    const result = await (fn as MockFn).apply(mock, args);
    return encodeReply(result);
  }

  private async evalScript(mock: MockClient, name: string, args: MockArg[]): Promise<Buffer> {
    if (args.length < 2) throw wrongArgs(name);
    const source = asBuffer(args[0]).toString('utf8');
    const numKeys = Number(String(args[1]));
    if (!Number.isInteger(numKeys) || numKeys < 0) {
      throw new ReplyError('ERR value is not an integer or out of range');
    }
    if (numKeys > args.length - 2)
      throw new ReplyError("ERR Number of keys can't be greater than number of args");
    // Real Redis caches every EVAL'd script, so a later EVALSHA of it succeeds.
    this.scripts.set(sha1(source), source);
    const result = await (mock.eval as unknown as MockFn).call(
      mock,
      source,
      String(numKeys),
      ...args.slice(2),
    );
    return encodeReply(result, { lua: true });
  }

  private script(args: MockArg[]): unknown {
    const sub = args.length > 0 ? String(args[0]).toLowerCase() : '';
    switch (sub) {
      case 'load': {
        if (args.length !== 2) throw wrongArgs('script|load');
        const source = asBuffer(args[1]).toString('utf8');
        const sha = sha1(source);
        this.scripts.set(sha, source);
        return sha;
      }
      case 'exists':
        return args.slice(1).map((sha) => (this.scripts.has(String(sha).toLowerCase()) ? 1 : 0));
      case 'flush':
        this.scripts.clear();
        return OK;
      default:
        throw new ReplyError(`ERR unknown subcommand '${sub}'. Try SCRIPT HELP.`);
    }
  }

  private client(conn: ConnectionState, args: MockArg[]): unknown {
    const sub = args.length > 0 ? String(args[0]).toLowerCase() : '';
    switch (sub) {
      case 'setname':
        if (args.length !== 2) throw wrongArgs('client|setname');
        conn.name = String(args[1]) || null;
        return OK;
      case 'getname':
        return conn.name;
      case 'id':
        return conn.id;
      case 'info':
        return `${describe(conn)}\n`;
      case 'list':
        return this.view
          .connections()
          .map((c) => `${describe(c)}\n`)
          .join('');
      case '':
        throw wrongArgs('client');
      default:
        // SETINFO, NO-EVICT, TRACKING...: accepted and ignored; nothing here depends on them.
        return OK;
    }
  }

  private async info(): Promise<string> {
    const keyspace: string[] = [];
    for (const [index, mock] of this.dbs) {
      const keys = await mock.dbsize();
      if (keys > 0) keyspace.push(`db${index}:keys=${keys},expires=0,avg_ttl=0`);
    }
    const lines = [
      '# Server',
      'redis_version:7.2.0',
      'redis_mode:standalone',
      'executable:pulse-embedded-redis (ioredis-mock)',
      `process_id:${process.pid}`,
      `tcp_port:${this.view.port()}`,
      `uptime_in_seconds:${Math.floor((Date.now() - this.startedAt) / 1000)}`,
      '',
      '# Clients',
      `connected_clients:${this.view.connections().length}`,
      '',
      '# Persistence',
      'loading:0',
      '',
      '# Replication',
      'role:master',
      '',
      '# Keyspace',
      ...keyspace,
    ];
    return `${lines.join('\r\n')}\r\n`;
  }
}

/** Commands handled here rather than by the mock's allowlist. */
// prettier-ignore
const SPECIAL = new Set([
  'ping', 'echo', 'info', 'select', 'client', 'command', 'flushdb', 'flushall',
  'script', 'eval', 'evalsha', 'pfadd', 'pfcount', 'pfmerge',
]);

const TTL_COMMANDS = new Set(['expire', 'pexpire', 'expireat', 'pexpireat', 'setex', 'psetex', 'getex']);
const TTL_OPTIONS = new Set(['ex', 'px', 'exat', 'pxat']);

function setsTtl(name: string, args: readonly MockArg[]): boolean {
  if (TTL_COMMANDS.has(name)) return true;
  return (
    name === 'set' && args.slice(2).some((a) => typeof a === 'string' && TTL_OPTIONS.has(a.toLowerCase()))
  );
}

function parseDbIndex(arg: MockArg): number {
  const text = String(arg);
  if (!/^-?\d+$/.test(text)) throw new ReplyError('ERR value is not an integer or out of range');
  const index = Number(text);
  if (index < 0 || index >= DATABASES) throw new ReplyError('ERR DB index is out of range');
  return index;
}

function describe(c: ConnectionState): string {
  return `id=${c.id} addr=${c.address} name=${c.name ?? ''} db=${c.db}`;
}

function asBuffer(arg: MockArg): Buffer {
  return typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
}

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
