import Redis from 'ioredis';
import { connect } from 'node:net';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis.server';

/** Sends raw bytes and collects whatever comes back until the server closes or `ms` pass. */
function rawExchange(port: number, payload: Buffer | string, ms = 300): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(payload);
  });
}

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

describe('embedded Redis server over a real ioredis client', () => {
  let server: EmbeddedRedis;
  let redis: Redis;

  beforeEach(async () => {
    server = await startEmbeddedRedis();
    redis = new Redis(server.url, { connectionName: 'spec', retryStrategy: () => null });
  });

  afterEach(async () => {
    // quit() rather than disconnect(): disconnect leaves a 2 s timer behind when the socket is gone.
    if (redis.status !== 'end') await redis.quit();
    await server.close();
  });

  it('listens on a random 127.0.0.1 port and answers the connect handshake', async () => {
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.echo('hi')).toBe('hi');
    expect(await redis.client('GETNAME')).toBe('spec');
    expect(await redis.info()).toContain('loading:0');
    expect(await redis.select(1)).toBe('OK');
    await redis.set('only-in-1', 'x');
    expect(await redis.select(0)).toBe('OK');
    expect(await redis.exists('only-in-1')).toBe(0);
    const [seconds] = await redis.time();
    expect(Math.abs(Number(seconds) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('gets, sets, expires and counts', async () => {
    expect(await redis.set('k', 'v')).toBe('OK');
    expect(await redis.get('k')).toBe('v');
    expect(await redis.get('missing')).toBeNull();
    expect(await redis.mget('k', 'missing')).toEqual(['v', null]);
    expect(await redis.ttl('k')).toBe(-1);
    expect(await redis.expire('k', 100)).toBe(1);
    expect(await redis.ttl('k')).toBeGreaterThan(98);
    expect(await redis.pexpire('k', 50_000)).toBe(1);
    expect(await redis.pttl('k')).toBeGreaterThan(49_000);
    expect(await redis.incr('n')).toBe(1);
    expect(await redis.incrby('n', 10)).toBe(11);
    expect(await redis.decr('n')).toBe(10);
    expect(await redis.exists('k', 'n', 'missing')).toBe(2);
    expect(await redis.del('k')).toBe(1);
    expect(await redis.unlink('n')).toBe(1);
    expect(await redis.dbsize()).toBe(0);
    await expect(redis.set('s', 'abc').then(() => redis.incr('s'))).rejects.toThrow(/not an integer/);
  });

  it('implements SET NX PX lock semantics', async () => {
    expect(await redis.set('lock', 'a', 'PX', 100, 'NX')).toBe('OK');
    expect(await redis.set('lock', 'b', 'PX', 100, 'NX')).toBeNull();
    expect(await redis.set('lock', 'c', 'XX')).toBe('OK');
    await redis.set('lock', 'a', 'PX', 50);
    await new Promise((r) => setTimeout(r, 80));
    expect(await redis.set('lock', 'b', 'PX', 100, 'NX')).toBe('OK');
    expect(await redis.get('lock')).toBe('b');
  });

  it('answers 1,000 auto-pipelined commands in order', async () => {
    const auto = new Redis(server.url, { enableAutoPipelining: true });
    try {
      const writes = Array.from({ length: 1000 }, (_, i) => auto.set(`p:${i}`, String(i)));
      expect(await Promise.all(writes)).toEqual(Array(1000).fill('OK'));
      const reads = Array.from({ length: 1000 }, (_, i) =>
        i % 2 ? auto.get(`p:${i}`) : auto.incr(`p:${i}`),
      );
      const results = await Promise.all(reads);
      results.forEach((value, i) => expect(value).toBe(i % 2 ? String(i) : i + 1));
    } finally {
      await auto.quit();
    }
  });

  it('runs MULTI/EXEC transactions and aborts on queued errors', async () => {
    const result = await redis.multi().set('x', '1').incr('x').get('x').exec();
    expect(result).toEqual([
      [null, 'OK'],
      [null, 2],
      [null, '2'],
    ]);
    const withError = await redis.multi().set('s', 'abc').incr('s').exec();
    expect(withError?.[0]).toEqual([null, 'OK']);
    expect(withError?.[1][0]).toBeInstanceOf(Error);
    expect(await rawExchange(server.port, 'MULTI\r\nNOSUCH\r\nEXEC\r\n')).toMatch(
      /^\+OK\r\n-ERR unknown command 'nosuch'.*\r\n-EXECABORT/,
    );
  });

  it('runs Lua: EVAL compare-and-delete, EVALSHA fallback and defineCommand', async () => {
    await redis.set('lock', 'token-1');
    expect(await redis.eval(RELEASE_LOCK, 1, 'lock', 'other')).toBe(0);
    expect(await redis.eval(RELEASE_LOCK, 1, 'lock', 'token-1')).toBe(1);
    expect(await redis.exists('lock')).toBe(0);

    const sha = await redis.script('LOAD', 'return ARGV[1]');
    expect(await redis.evalsha(sha as string, 0, 'hello')).toBe('hello');
    await expect(redis.evalsha('0'.repeat(40), 0)).rejects.toThrow(/NOSCRIPT/);
    // Lua tables and errors the mock cannot convert must come back as errors, not crash the server.
    await expect(redis.eval("return {ok='FINE'}", 0)).rejects.toThrow(/ERR/);
    await expect(redis.eval('this is not lua', 0)).rejects.toThrow(/ERR/);
    expect(await redis.eval('return 3.7', 0)).toBe(3);
    expect(await redis.eval("return {1, 'a', false}", 0)).toEqual([1, 'a', null]);

    const client = new Redis(server.url);
    try {
      client.defineCommand('releaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK });
      const lockClient = client as Redis & { releaseLock(key: string, token: string): Promise<number> };
      await client.set('lock2', 't');
      expect(await lockClient.releaseLock('lock2', 'nope')).toBe(0);
      expect(await lockClient.releaseLock('lock2', 't')).toBe(1);
    } finally {
      await client.quit();
    }
  });

  it('supports hashes, sets, sorted sets, KEYS and SCAN MATCH', async () => {
    expect(await redis.hset('h', 'a', '1', 'b', '2')).toBe(2);
    expect(await redis.hget('h', 'a')).toBe('1');
    expect(await redis.hincrby('h', 'a', 5)).toBe(6);
    expect(await redis.hgetall('h')).toEqual({ a: '6', b: '2' });
    expect(await redis.sadd('s', 'x', 'y', 'x')).toBe(2);
    expect(await redis.scard('s')).toBe(2);
    expect((await redis.smembers('s')).sort()).toEqual(['x', 'y']);
    expect(await redis.zadd('z', 1, 'a', 2, 'b', 3, 'c')).toBe(3);
    expect(await redis.zrangebyscore('z', 2, '+inf')).toEqual(['b', 'c']);
    expect(await redis.zremrangebyscore('z', '-inf', 1)).toBe(1);
    expect(await redis.zcard('z')).toBe(2);

    for (let i = 0; i < 50; i++) await redis.set(`scan:${i}`, 'v');
    await redis.set('other', 'v');
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'scan:*', 'COUNT', 10);
      keys.forEach((k) => seen.add(k));
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(50);
    expect((await redis.keys('scan:1*')).length).toBe(11);
  });

  it('emulates PFADD/PFCOUNT/PFMERGE exactly', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
    expect(await redis.pfadd('hll:a', ...ids.slice(0, 6000))).toBe(1);
    expect(await redis.pfadd('hll:a', ...ids.slice(0, 100))).toBe(0);
    expect(await redis.pfadd('hll:b', ...ids.slice(4000))).toBe(1);
    expect(await redis.pfcount('hll:a')).toBe(6000);
    expect(await redis.pfcount('hll:b')).toBe(6000);
    expect(await redis.pfcount('hll:a', 'hll:b', 'hll:none')).toBe(10_000);
    expect(await redis.pfmerge('hll:m', 'hll:a', 'hll:b')).toBe('OK');
    expect(await redis.pfcount('hll:m')).toBe(10_000);
    expect(await redis.expire('hll:m', 100)).toBe(1);
    expect(await redis.ttl('hll:m')).toBeGreaterThan(98);
    expect(await redis.del('hll:a')).toBe(1);
    expect(await redis.pfcount('hll:a')).toBe(0);
    await redis.set('plain', 'x');
    await expect(redis.pfadd('plain', 'a')).rejects.toThrow(/WRONGTYPE/);
    await redis.sadd('aset', 'x');
    await expect(redis.pfcount('aset')).rejects.toThrow(/WRONGTYPE/);
  });

  it('gives emulated HyperLogLogs real key semantics', async () => {
    expect(await redis.pfadd('empty')).toBe(1);
    expect(await redis.exists('empty')).toBe(1);
    expect(await redis.pfcount('empty')).toBe(0);
    await redis.pfadd('h1', 'a', 'b');
    expect(await redis.type('h1')).toBe('string');
    expect(await redis.rename('h1', 'h2')).toBe('OK');
    expect(await redis.pfcount('h2')).toBe(2);
    expect(await redis.pfmerge('h2', 'nothing')).toBe('OK');
    expect(await redis.pfcount('h2')).toBe(2);
    await redis.pexpire('h2', 30);
    await new Promise((r) => setTimeout(r, 60));
    expect(await redis.exists('h2')).toBe(0);
    expect(await redis.pfadd('h2', 'z')).toBe(1);
    expect(await redis.pfcount('h2')).toBe(1);
    await redis.set('h2', 'overwritten');
    await expect(redis.pfcount('h2')).rejects.toThrow(/WRONGTYPE/);
    const auto = new Redis(server.url, { enableAutoPipelining: true });
    try {
      const adds = Array.from({ length: 20_000 }, (_, i) => auto.pfadd('dau', `u${i % 5000}`));
      await Promise.all(adds);
      expect(await auto.pfcount('dau')).toBe(5000);
    } finally {
      await auto.quit();
    }
  });

  it('rejects unknown commands and survives malformed requests', async () => {
    await expect(redis.call('nosuchcmd', 'a')).rejects.toThrow(/^ERR unknown command 'nosuchcmd'/);
    expect(await rawExchange(server.port, '*1\r\n$abc\r\n')).toMatch(/^-ERR Protocol error/);
    expect(await rawExchange(server.port, '*2\r\n$4\r\nECHO\r\n$2\r\nhiXX')).toMatch(/^-ERR Protocol error/);
    expect(await rawExchange(server.port, 'PING\r\nECHO "a b"\r\n')).toBe('+PONG\r\n$3\r\na b\r\n');
    expect(await rawExchange(server.port, 'CONNECT\r\nDUPLICATE\r\n')).toMatch(
      /^-ERR unknown command 'connect'/,
    );
    expect(await redis.ping()).toBe('PONG');
  });

  // Note: after a 1 MB reply, ioredis's redis-parser shrinks its buffer pool on a 50 ms interval for
  // ~2 s, so Jest may print "did not exit one second after the test run"; that timer is the client's.
  it('round-trips 1 MB values split across TCP chunks, binary included', async () => {
    const big = 'x'.repeat(1024 * 1024);
    await redis.set('big', big);
    expect(await redis.get('big')).toBe(big);
    const binary = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7) % 256));
    await redis.set('bin', binary);
    expect((await redis.getBuffer('bin'))?.equals(binary)).toBe(true);

    // Hand-chunked request: a bulk string arriving a few bytes at a time.
    const payload = Buffer.from(`*3\r\n$3\r\nSET\r\n$5\r\nslice\r\n$10\r\n0123456789\r\nGET slice\r\n`);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      let out = '';
      socket.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.endsWith('0123456789\r\n')) {
          socket.destroy();
          resolve(out);
        }
      });
      for (let i = 0; i < payload.length; i += 3) socket.write(payload.subarray(i, i + 3));
    });
    expect(reply).toBe('+OK\r\n$10\r\n0123456789\r\n');
  });

  it('shares one data set between clients', async () => {
    const other = new Redis(server.url);
    try {
      await redis.set('shared', '42');
      expect(await other.get('shared')).toBe('42');
      await other.flushdb();
      expect(await redis.exists('shared')).toBe(0);
    } finally {
      await other.quit();
    }
  });

  it('close() stops the server and drops clients', async () => {
    expect(await redis.ping()).toBe('PONG');
    const ended = new Promise((resolve) => redis.once('end', resolve));
    const port = server.port;
    await server.close();
    await ended;
    await expect(rawExchange(port, 'PING\r\n')).rejects.toThrow(/ECONNREFUSED/);
    server = await startEmbeddedRedis(); // for afterEach
  });
});
