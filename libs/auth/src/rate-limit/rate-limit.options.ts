import { ThrottlerAsyncOptions, ThrottlerModuleOptions } from '@nestjs/throttler';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AppConfig } from '@app/config';
import { Clock, SystemClock } from '@app/clock';
import { REDIS_CLIENT, RedisBreaker, RedisClient, RedisKeys } from '@app/redis';
import { bucketOf } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/** One throttler whose limit depends on the bucket ApiKeyGuard chose; counters live in Redis. */
export const rateLimitOptions: ThrottlerAsyncOptions = {
  inject: [
    AppConfig,
    REDIS_CLIENT,
    RedisKeys,
    getToken('rate_limit_fail_open_total'),
    RedisBreaker,
    { token: Clock, optional: true },
  ],
  useFactory: (
    config: AppConfig,
    redis: RedisClient,
    keys: RedisKeys,
    failOpen: Counter,
    breaker: RedisBreaker,
    clock: Clock | undefined,
  ): ThrottlerModuleOptions => ({
    throttlers: [
      {
        name: 'default',
        ttl: RATE_LIMIT_WINDOW_MS,
        limit: (context) =>
          bucketOf(context) === 'key' ? config.auth.rateLimitPerMinute : config.auth.rateLimitIpPerMinute,
      },
    ],
    storage: new RedisThrottlerStorage(redis, keys, clock ?? new SystemClock(), failOpen, breaker),
  }),
};
