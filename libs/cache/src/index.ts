export { CacheModule } from './cache.module';
export { CacheService } from './cache.service';
export type { CacheResult, CacheSpec } from './cache.service';
export { Cached, CacheEvict, CACHED, CACHE_EVICT } from './cached.decorator';
export type { CachedOptions, CacheEvictOptions } from './cached.decorator';
export { CacheKeyError } from './cache-key';
export { CacheValueError } from './cache-codec';
