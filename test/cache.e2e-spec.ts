import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';
import { Injectable, Logger, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { getToken } from '@willsoto/nestjs-prometheus';
import Redis, { Cluster } from 'ioredis';
import { Counter } from 'prom-client';
import { CacheEvict, CacheKeyError, CacheModule, CacheService, Cached } from '@app/cache';
import { ConfigModule, Env } from '@app/config';
import { MetricsModule } from '@app/metrics';
import { REDIS_CLIENT, RedisModule } from '@app/redis';
import {
  TestIsolation,
  cleanupIsolation,
  newIsolation,
  singleNode,
  testConfig,
  testRedisClient,
} from './utils/test-env';
import { hostPort } from './utils/tcp-proxy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Report {
  constructor(readonly total: number) {}
}

@Injectable()
class CachedFixture {
  calls = 0;
  delayMs = 0;
  next: unknown = 'value';

  @Cached({ ttl: 60 })
  async compute(..._args: unknown[]): Promise<unknown> {
    this.calls++;
    if (this.delayMs > 0) await sleep(this.delayMs);
    return this.next;
  }

  @Cached({ ttl: 1, name: 'short' })
  async short(_n: number): Promise<number> {
    this.calls++;
    return this.calls;
  }

  @Cached({ ttl: 60, name: 'byId', key: (id: string) => id })
  async byId(id: string, _trace?: { requestId: string }): Promise<string> {
    this.calls++;
    return `${id}#${this.calls}`;
  }

  @CacheEvict({ name: 'byId', key: (id: string) => id })
  async rename(_id: string): Promise<string> {
    return 'renamed';
  }

  @CacheEvict({ name: 'CachedFixture.compute' })
  async resetAll(): Promise<void> {}

  /** Not `async` but declares a Promise: accepted. */
  @Cached({ ttl: 60, name: 'promiseReturning' })
  promiseReturning(): Promise<number> {
    this.calls++;
    return Promise.resolve(this.calls);
  }
}

@Injectable()
class SyncFixture {
  @Cached({ ttl: 60 })
  plain(): number {
    return 1;
  }
}

@Injectable()
class WrongEvictFixture {
  @CacheEvict({ name: 'no-such-cache' })
  async change(): Promise<void> {}
}

async function boot(isolation: TestIsolation, providers: Type[], env: Env = {}): Promise<TestingModule> {
  const config = testConfig(isolation, env);
  const ref = await Test.createTestingModule({
    imports: [ConfigModule.forConfig(config), MetricsModule, RedisModule, CacheModule],
    providers,
  }).compile();
  ref.useLogger(false);
  try {
    await ref.init();
  } catch (error) {
    // close() re-awaits the failed initialisation and throws before any shutdown hook runs: drop the
    // connection the Redis module opened during compile, or its socket keeps the test process alive.
    ref.get<Redis>(REDIS_CLIENT).disconnect();
    throw error;
  }
  return ref;
}

async function untilReady(ref: TestingModule): Promise<Redis> {
  const client = ref.get<Redis>(REDIS_CLIENT);
  for (let i = 0; i < 100 && client.status !== 'ready'; i++) await sleep(100);
  return client;
}

function counts(ref: TestingModule, cache: string): Promise<Record<string, number>> {
  const counter = ref.get<Counter<'cache' | 'result'>>(getToken('cache_requests_total'));
  return counter.get().then((metric) => {
    const out: Record<string, number> = { hit: 0, miss: 0, error: 0 };
    for (const { labels, value } of metric.values)
      if (labels.cache === cache) out[String(labels.result)] = value;
    return out;
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Forwards to Redis until `freeze()`: then accepts bytes and answers nothing (a hung server). */
class FreezableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private frozen = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number } | null) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on('error', () => client.destroy());
      if (!this.target) return; // never answers at all
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(upstream);
      upstream.on('error', () => upstream.destroy());
      client.on('data', (chunk) => {
        if (!this.frozen) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!this.frozen) client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  freeze(): void {
    this.frozen = true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('@Cached over Redis (e2e)', () => {
  const isolation = newIsolation('cache');
  let ref: TestingModule;
  let fixture: CachedFixture;
  let cache: CacheService;
  let redis: Redis | Cluster;

  beforeAll(async () => {
    // A generous timeout: on a loaded machine a 50 ms one would make these tests fail open at random.
    ref = await boot(isolation, [CachedFixture], { CACHE_TIMEOUT_MS: '2000' });
    await untilReady(ref);
    fixture = ref.get(CachedFixture);
    cache = ref.get(CacheService);
    redis = testRedisClient(isolation);
  });

  afterAll(async () => {
    await ref.close();
    redis.disconnect();
    await cleanupIsolation(isolation);
  });

  beforeEach(() => {
    fixture.calls = 0;
    fixture.delayMs = 0;
    fixture.next = 'value';
  });

  it('misses, then hits without calling the method, and counts both', async () => {
    const before = await counts(ref, 'CachedFixture.compute');
    await expect(fixture.compute('hit-miss')).resolves.toBe('value');
    fixture.next = 'changed';
    await expect(fixture.compute('hit-miss')).resolves.toBe('value');
    expect(fixture.calls).toBe(1);
    const after = await counts(ref, 'CachedFixture.compute');
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
  });

  it.each([0, '', false, null, undefined])('caches and hits the falsy result %p', async (value) => {
    fixture.next = value;
    await expect(fixture.compute('falsy', String(value))).resolves.toBe(value);
    fixture.next = 'other';
    await expect(fixture.compute('falsy', String(value))).resolves.toBe(value);
    expect(fixture.calls).toBe(1);
  });

  it('gives Dates back as Dates, in a fresh copy for every caller', async () => {
    const value = { at: new Date('2026-11-24T08:00:00.000Z'), rows: [{ day: new Date(0), n: 1 }] };
    fixture.next = value;
    const first = await fixture.compute('dates');
    const second = (await fixture.compute('dates')) as typeof value;
    expect(fixture.calls).toBe(1);
    expect(first).toBe(value); // the caller that ran the method gets its own result
    expect(second).toStrictEqual(value);
    expect(second).not.toBe(value);
    expect(second.at).toBeInstanceOf(Date);
  });

  it('builds `<prefix>cache:<name>:<hash>` keys that ignore property order', async () => {
    await fixture.compute({ from: '2026-11-01', to: '2026-11-24', filters: { a: 1, b: 2 } });
    await fixture.compute({ filters: { b: 2, a: 1 }, to: '2026-11-24', from: '2026-11-01' });
    expect(fixture.calls).toBe(1);
    const key = cache.keyFor('CachedFixture.compute', [
      { to: '2026-11-24', from: '2026-11-01', filters: { b: 2, a: 1 } },
    ]);
    expect(key).toMatch(
      new RegExp(`^${isolation.keyPrefix}cache:CachedFixture\\.compute:[A-Za-z0-9_-]{27}$`),
    );
    await expect(redis.exists(key)).resolves.toBe(1);
    await fixture.compute({ from: '2026-11-01', to: '2026-11-25', filters: { a: 1, b: 2 } });
    expect(fixture.calls).toBe(2);
  });

  it('uses the `key` option, so arguments outside it do not split the cache', async () => {
    await expect(fixture.byId('k1', { requestId: 'a' })).resolves.toBe('k1#1');
    await expect(fixture.byId('k1', { requestId: 'b' })).resolves.toBe('k1#1');
    expect(fixture.calls).toBe(1);
  });

  it('refuses arguments it cannot serialise with a clear error, without running the method', async () => {
    await expect(fixture.compute(() => 1)).rejects.toThrow(CacheKeyError);
    await expect(fixture.compute({ cb: () => 1 })).rejects.toThrow('arguments[0].cb is a function');
    expect(fixture.calls).toBe(0);
  });

  it('returns results it cannot store exactly (class instances) uncached, counted as errors', async () => {
    const before = await counts(ref, 'CachedFixture.compute');
    fixture.next = new Report(3);
    await expect(fixture.compute('class')).resolves.toBeInstanceOf(Report);
    await expect(fixture.compute('class')).resolves.toBeInstanceOf(Report);
    expect(fixture.calls).toBe(2);
    expect((await counts(ref, 'CachedFixture.compute')).error - before.error).toBe(2);
  });

  it('expires entries after the TTL, with a few percent of jitter', async () => {
    await fixture.short(1);
    await fixture.short(1);
    expect(fixture.calls).toBe(1);
    const pttl = await redis.pttl(cache.keyFor('short', [1]));
    // Written with 950–1000 ms; a loaded machine may take a few hundred ms to get here.
    expect(pttl).toBeGreaterThan(600);
    expect(pttl).toBeLessThanOrEqual(1000);
    await sleep(1100);
    await fixture.short(1);
    expect(fixture.calls).toBe(2);

    const ttls: number[] = [];
    for (let i = 0; i < 30; i++) {
      await fixture.compute('jitter', i);
      ttls.push(await redis.pttl(cache.keyFor('CachedFixture.compute', ['jitter', i])));
    }
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(57_000 - 100);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(60_000);
    expect(Math.max(...ttls) - Math.min(...ttls)).toBeGreaterThan(200); // they do not all expire together
  });

  it('evicts one entry with @CacheEvict({ key }) and CacheService.evict, and a whole cache with SCAN', async () => {
    await fixture.byId('e1');
    await fixture.byId('e2');
    await expect(fixture.rename('e1')).resolves.toBe('renamed');
    await expect(fixture.byId('e1')).resolves.toBe('e1#3');
    await expect(fixture.byId('e2')).resolves.toBe('e2#2'); // untouched
    await expect(cache.evict('byId', 'e2', { requestId: 'x' })).resolves.toBe(true);
    await expect(fixture.byId('e2')).resolves.toBe('e2#4');

    for (let i = 0; i < 5; i++) await fixture.compute('all', i);
    expect(fixture.calls).toBe(9);
    await fixture.resetAll(); // @CacheEvict without key: the whole cache
    await fixture.compute('all', 0);
    expect(fixture.calls).toBe(10);
    await expect(cache.evictAll('CachedFixture.compute')).resolves.toBe(1);
    await expect(cache.evictAll('CachedFixture.compute')).resolves.toBe(0);
    await expect(cache.evict('unknown')).rejects.toThrow('Unknown cache "unknown"');
  });

  it('runs the method once for 100 concurrent cold calls (single flight), giving each caller a copy', async () => {
    fixture.delayMs = 50;
    fixture.next = { rows: [1, 2, 3] };
    const results = await Promise.all(Array.from({ length: 100 }, () => fixture.compute('single-flight')));
    expect(fixture.calls).toBe(1);
    expect(results.every((r) => JSON.stringify(r) === '{"rows":[1,2,3]}')).toBe(true);
    expect(new Set(results).size).toBe(100);
  });

  it('accepts a non-async method that declares a Promise return type', async () => {
    await fixture.promiseReturning();
    await expect(fixture.promiseReturning()).resolves.toBe(1);
  });

  it('refuses to start with @Cached on a sync method, or @CacheEvict naming no cache', async () => {
    await expect(boot(isolation, [SyncFixture])).rejects.toThrow(
      '@Cached on SyncFixture.plain: the method must be async',
    );
    await expect(boot(isolation, [WrongEvictFixture])).rejects.toThrow(
      '@CacheEvict on WrongEvictFixture.change: no @Cached method uses the name "no-such-cache"',
    );
  });
});

describe('@Cached fails open (e2e)', () => {
  const isolation = newIsolation('cachedown');
  const METHOD_MS = 20;
  const SLACK_MS = 60; // scheduling noise on a loaded 2-core machine

  async function timeCalls(ref: TestingModule, count: number): Promise<number[]> {
    const fixture = ref.get(CachedFixture);
    fixture.delayMs = METHOD_MS;
    fixture.calls = 0;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await expect(fixture.compute('down')).resolves.toBe('value');
      times.push(performance.now() - started);
    }
    expect(fixture.calls).toBe(count);
    return times;
  }

  afterAll(async () => {
    await cleanupIsolation(isolation);
  });

  it('answers uncached when Redis is unreachable (closed port), counted as errors', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const ref = await boot(singleNode(isolation, url), [CachedFixture]);
    try {
      const times = await timeCalls(ref, 10);
      expect(Math.max(...times)).toBeLessThan(50 + METHOD_MS + SLACK_MS);
      expect((await counts(ref, 'CachedFixture.compute')).error).toBeGreaterThanOrEqual(10);
    } finally {
      await ref.close();
    }
  });

  it('answers uncached when Redis accepts connections and never answers', async () => {
    const silent = new FreezableProxy(null);
    await silent.start();
    const ref = await boot(singleNode(isolation, `redis://127.0.0.1:${silent.port}`), [CachedFixture]);
    try {
      const times = await timeCalls(ref, 10);
      // Typical call: the method plus at most the 50 ms cache timeout. The slowest only has to show that
      // no call waits on the silent server (a browser suite may share the CPUs in the same CI run).
      const sorted = [...times].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(50 + METHOD_MS + SLACK_MS);
      expect(sorted[sorted.length - 1]).toBeLessThan(1000);
    } finally {
      await silent.stop(); // first: the Redis module's QUIT would wait forever on a silent server
      await ref.close();
    }
  });

  it('times out a Redis that hangs mid-connection, then logs the failure once per interval', async () => {
    // 300 ms rather than the default 50: the warm-up must succeed on a loaded machine; the path is the same.
    const TIMEOUT_MS = 300;
    const proxy = new FreezableProxy(hostPort(isolation.redisUrl));
    await proxy.start();
    const ref = await boot(singleNode(isolation, `redis://127.0.0.1:${proxy.port}`), [CachedFixture], {
      CACHE_TIMEOUT_MS: String(TIMEOUT_MS),
      CACHE_ERROR_LOG_INTERVAL_MS: '60000',
    });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const fixture = ref.get(CachedFixture);
      const client = await untilReady(ref);
      await fixture.compute('warm'); // connected and working
      await expect(
        client.exists(ref.get(CacheService).keyFor('CachedFixture.compute', ['warm'])),
      ).resolves.toBe(1);
      fixture.calls = 0;
      proxy.freeze();
      const times = await timeCalls(ref, 5); // the first waits for the timeout, the next skip Redis
      expect(times[0]).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(Math.max(...times)).toBeLessThan(TIMEOUT_MS + METHOD_MS + SLACK_MS);
      await sleep(1100); // still frozen: the shared breaker keeps skipping Redis (a PING probes it)
      await timeCalls(ref, 3);
      const logged = warn.mock.calls.filter(([message]) => String(message).startsWith('Cache unavailable'));
      expect(logged).toHaveLength(1);
      expect(logged[0][0]).toContain(`Redis did not answer within ${TIMEOUT_MS} ms`);
      expect((await counts(ref, 'CachedFixture.compute')).error).toBeGreaterThanOrEqual(8);
    } finally {
      warn.mockRestore();
      await proxy.stop();
      await ref.close();
    }
  });
});
