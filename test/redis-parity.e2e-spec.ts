import { Test } from '@nestjs/testing';
import Redis, { Cluster } from 'ioredis';
import { ActiveUserCounts, ActiveUsersStore } from '@app/activity';
import { ConfigModule } from '@app/config';
import { ManualClock } from '@app/clock';
import { JobLockService } from '@app/jobs';
import {
  EmbeddedRedis,
  REDIS_CLIENT,
  RedisBreaker,
  RedisClient,
  RedisKeys,
  RedisModule,
  startEmbeddedRedis,
} from '@app/redis';
import { cleanupIsolation, newIsolation, testConfig, testRedisClient } from './utils/test-env';

/**
 * The embedded store (no REDIS_URL) and the real Redis under test (a Cluster when
 * TEST_REDIS_CLUSTER_NODES is set) give the same answers to the commands Pulse sends, through the
 * same services and the same keys.
 */
const DAY = '2026-11-22';
const at = new Date(`${DAY}T12:00:00Z`);

async function script(redis: RedisClient, prefix: string): Promise<unknown[]> {
  const keys = new RedisKeys(prefix);
  const clock = new ManualClock(at);
  // The stores skip Redis while the breaker sees no ready connection, as the app's module waits for it.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  const breaker = new RedisBreaker(redis);
  const active = new ActiveUsersStore(redis, keys, clock, breaker);
  const locks = new JobLockService(redis, keys, breaker);
  const trace: unknown[] = [];

  // Active users: PFADD per day, then multi-key PFCOUNT over 1/7/30 days (one hash tag, one slot).
  const byDay = new Map<string, string[]>();
  for (let d = 0; d < 10; d++) {
    const day = new Date(at.getTime() - d * 86_400_000).toISOString().slice(0, 10);
    byDay.set(
      day,
      Array.from({ length: 50 }, (_, i) => `u${(i * 7 + d * 13) % 200}`),
    );
  }
  await active.mark(byDay);
  trace.push(await active.counts(at));
  async function* chunks(): AsyncIterable<string[]> {
    yield ['a', 'b'];
    yield ['c'];
  }
  trace.push(await active.replaceDay(DAY, chunks()), await active.count(at, 1));

  // Job locks: the tick claim (two keys, one Lua script), busy, extend, release by owner only.
  const tick = new Date('2026-11-22T12:00:00Z');
  const first = await locks.acquireTick('rollup', tick, 5000);
  trace.push(first.acquired, await locks.acquireTick('rollup', tick, 5000));
  trace.push(await locks.acquireTick('rollup', new Date(tick.getTime() + 60_000), 5000));
  const token = first.acquired ? first.token : '';
  trace.push(
    await locks.extend('rollup', 'not-mine', 5000),
    await locks.extend('rollup', token, 5000),
    await locks.release('rollup', 'not-mine'),
    await locks.isLocked('rollup'),
    await locks.release('rollup', token),
    await locks.isLocked('rollup'),
    (await locks.acquire('manual', 5000)) !== null,
    await locks.acquire('manual', 5000),
  );

  // Exposures (SISMEMBER/SADD on a tagged set), cache values (SET PX/GET/PTTL/UNLINK), EVALSHA fallback.
  const exposed = keys.tagged('exp:checkout', 'exposed');
  trace.push(await redis.sismember(exposed, 'u1'), await redis.sadd(exposed, 'u1', 'u2', 'u1'));
  trace.push(await redis.sismember(exposed, 'u1'), await redis.scard(exposed));
  const cached = keys.key('cache', 'Reports.nps', 'k1');
  trace.push(await redis.set(cached, '{"v":1}', 'PX', 60_000), await redis.get(cached));
  const pttl = await redis.pttl(cached);
  trace.push(pttl > 59_000 && pttl <= 60_000, await redis.unlink(cached), await redis.get(cached));
  await expect(redis.evalsha('0'.repeat(40), 1, keys.key('x'))).rejects.toThrow(/NOSCRIPT/);
  trace.push(
    await redis.eval(
      `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n`,
      1,
      keys.key('rl', 'default', 'ip', 1),
      1000,
    ),
  );
  return trace;
}

describe('embedded store and real Redis answer alike (e2e)', () => {
  const isolation = newIsolation('redis-parity');
  let embedded: EmbeddedRedis;
  let local: Redis;
  let real: Redis | Cluster;

  beforeAll(async () => {
    embedded = await startEmbeddedRedis();
    local = new Redis(embedded.url);
    real = testRedisClient(isolation);
  });

  afterAll(async () => {
    await local.quit();
    await real.quit();
    await embedded.close();
    await cleanupIsolation(isolation);
  });

  it('gives the same trace for active users, job locks, exposures, cache entries and Lua', async () => {
    const expected = await script(local, isolation.keyPrefix);
    const actual = await script(real, isolation.keyPrefix);
    // The embedded HyperLogLog counts exactly; a real one is within its ±0.81 % standard error.
    const [exact, approx] = [expected[0], actual[0]] as ActiveUserCounts[];
    for (const window of ['dau', 'wau', 'mau'] as const)
      expect(Math.abs(approx[window] - exact[window])).toBeLessThanOrEqual(Math.ceil(exact[window] * 0.02));
    expect(actual.slice(1)).toEqual(expected.slice(1));
    // Not vacuous: the counts and lock outcomes are the ones the services promise.
    expect(exact).toEqual({ day: DAY, dau: 50, wau: 200, mau: 200 });
    expect(expected.slice(1, 5)).toEqual([true, 3, true, { acquired: false, reason: 'tick-done' }]);
    expect(expected[5]).toEqual({ acquired: false, reason: 'busy' });
  });

  it('runs against the cluster when TEST_REDIS_CLUSTER_NODES is set', () => {
    expect(real instanceof Cluster).toBe(Boolean(process.env.TEST_REDIS_CLUSTER_NODES));
  });
});

describe('the Redis module (e2e)', () => {
  const isolation = newIsolation('redis-ready');

  afterAll(async () => {
    await cleanupIsolation(isolation);
  });

  it('answers the first command once the module has started (a cluster client too)', async () => {
    const ref = await Test.createTestingModule({
      imports: [ConfigModule.forConfig(testConfig(isolation)), RedisModule],
    }).compile();
    try {
      const redis = ref.get<RedisClient>(REDIS_CLIENT);
      // With the offline queue off, a command sent before the client is ready fails at once.
      await expect(redis.set(`${isolation.keyPrefix}first`, '1')).resolves.toBe('OK');
    } finally {
      await ref.close();
    }
  });
});
