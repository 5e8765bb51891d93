import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { Clock } from '@app/clock';
import { RedisUnavailableError } from '@app/redis';
import type { RedisBreaker, RedisClient, RedisKeys } from '@app/redis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** INCR and, on the first hit of a window, PEXPIRE: atomic, one round trip. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits`;
const HIT_SCRIPT_SHA = createHash('sha1').update(HIT_SCRIPT).digest('hex');

/** A hung Redis must not hold requests: past this, the check fails open. */
export const RATE_LIMIT_REDIS_TIMEOUT_MS = 250;
const WARN_INTERVAL_MS = 60_000;

/**
 * Fixed-window counters in Redis, shared by every replica. Windows are aligned on the (injectable)
 * clock — `floor(now / ttl)` is part of the key — so replicas agree on them and the counter of a
 * window never needs resetting; Redis only expires it. A request over the limit is refused until the
 * window ends (`blockDuration` is not used). When Redis fails the request is let through and counted
 * in `rate_limit_fail_open_total`.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly failOpen: Counter,
    private readonly breaker: RedisBreaker,
    private readonly timeoutMs = RATE_LIMIT_REDIS_TIMEOUT_MS,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / ttl);
    const secondsLeft = Math.max(1, Math.ceil(((window + 1) * ttl - now) / 1000));
    let hits: number;
    try {
      // Kept twice the window so that a replica whose clock lags a little still finds the counter.
      // While Redis is unwell the breaker answers at once: no request waits for the timeout.
      hits = await this.breaker.run(
        () => this.hit(this.keys.key('rl', throttlerName, key, window), ttl * 2),
        this.timeoutMs,
      );
    } catch (error) {
      this.failOpen.inc();
      const at = Date.now();
      // The breaker logs Redis going down and up; only other failures are worth a line here.
      if (!(error instanceof RedisUnavailableError) && at - this.lastWarning >= WARN_INTERVAL_MS) {
        this.lastWarning = at;
        this.logger.warn(`Rate limit not checked, request let through: ${(error as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: secondsLeft, isBlocked: false, timeToBlockExpire: 0 };
    }
    const blocked = hits > limit;
    return {
      totalHits: hits,
      timeToExpire: secondsLeft,
      isBlocked: blocked,
      timeToBlockExpire: blocked ? secondsLeft : 0,
    };
  }

  private async hit(redisKey: string, expireMs: number): Promise<number> {
    try {
      return Number(await this.redis.evalsha(HIT_SCRIPT_SHA, 1, redisKey, expireMs));
    } catch (error) {
      if (!(error as Error).message?.startsWith('NOSCRIPT')) throw error;
      return Number(await this.redis.eval(HIT_SCRIPT, 1, redisKey, expireMs));
    }
  }
}
