import { SetMetadata } from '@nestjs/common';

export const CACHED = 'pulse:cached';
export const CACHE_EVICT = 'pulse:cache-evict';

export interface CachedOptions {
  /** Seconds to keep a result (each entry lives up to `jitter` shorter, so entries expire apart). */
  ttl: number;
  /** Cache name for keys and metrics; defaults to `Class.method`. */
  name?: string;
  /** Builds the key material from the arguments; defaults to all arguments. */
  key?: (...args: never[]) => unknown;
  /** Fraction of the TTL taken off at random so that keys written together expire apart (default 0.05). */
  jitter?: number;
}

export interface CacheEvictOptions {
  name: string;
  /**
   * Evict only one entry: returns its key material, i.e. what the `@Cached` method's own `key` returns,
   * or its argument array when it has no `key` (e.g. `(id: string) => [id]`). Evicts the whole cache when omitted.
   */
  key?: (...args: never[]) => unknown;
}

/** Caches the result of an async provider method in Redis. Metadata only: the cache module wraps it. */
export const Cached = (options: CachedOptions): MethodDecorator => SetMetadata(CACHED, options);

/** Evicts cache entries after the decorated (mutating) method succeeds. */
export const CacheEvict = (options: CacheEvictOptions): MethodDecorator => SetMetadata(CACHE_EVICT, options);
