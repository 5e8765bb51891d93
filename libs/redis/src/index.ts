export { RedisModule, REDIS_CLIENT, InjectRedis } from './redis.module';
export type { RedisClient } from './redis.module';
export { RedisKeys } from './redis-keys';
export { startEmbeddedRedis } from './embedded/embedded-redis.server';
export type { EmbeddedRedis } from './embedded/embedded-redis.server';
export { RedisTimeoutError, withRedisTimeout } from './redis-timeout';
export { RedisBreaker, RedisUnavailableError } from './redis-breaker';
