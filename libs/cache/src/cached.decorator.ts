import { SetMetadata } from '@nestjs/common';

export const CACHED = 'pulse:cached';
export const CACHE_EVICT = 'pulse:cache-evict';

export interface CachedOptions {
  /** Seconds to keep a result (a few percent of jitter is added). */
  ttl: number;
  /** Cache name for keys and metrics; defaults to `Class.method`. */
  name?: string;
  /** Builds the key material from the arguments; defaults to all arguments. */
  key?: (...args: never[]) => unknown;
}

export interface CacheEvictOptions {
  name: string;
  /** Evict only the entry for these arguments; evicts the whole cache when omitted. */
  key?: (...args: never[]) => unknown;
}

/** Caches the result of an async provider method in Redis. Metadata only: the cache module wraps it. */
export const Cached = (options: CachedOptions): MethodDecorator => SetMetadata(CACHED, options);

/** Evicts cache entries after the decorated (mutating) method succeeds. */
export const CacheEvict = (options: CacheEvictOptions): MethodDecorator => SetMetadata(CACHE_EVICT, options);
