import { Injectable, Logger } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { AppConfig } from '@app/config';
import { Counter, InjectMetric } from '@app/metrics';
import { InjectRedis, RedisBreaker, RedisClient, RedisKeys } from '@app/redis';
import { CacheValueError, decodeCacheValue, encodeCacheValue } from './cache-codec';
import { argumentsMaterial, hashKeyMaterial } from './cache-key';

export type CacheResult = 'hit' | 'miss' | 'error';

/** A registered cache: what `@Cached` declares, resolved. */
export interface CacheSpec {
  name: string;
  /** Seconds. */
  ttl: number;
  /** Fraction of the TTL taken off at random (0.05 = up to 5 % shorter). */
  jitter: number;
  key?: (...args: never[]) => unknown;
}

interface Flight {
  result: CacheResult;
  value: unknown;
  /** The encoded value, so that joiners get their own copy; null when it could not be encoded. */
  payload: string | null;
}

interface PendingFlight {
  promise: Promise<Flight>;
  /** Set by an eviction during the flight: the loaded value may be stale, so it is not written. */
  evicted: boolean;
}

const SCAN_COUNT = 500;

/**
 * The `@Cached` machinery: look-up, single flight per process, write with jittered TTL, fail-open
 * with a timeout, metrics, and eviction. Redis errors never reach the caller; the method runs instead.
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger(CacheService.name);
  private readonly specs = new Map<string, CacheSpec>();
  private readonly inflight = new Map<string, PendingFlight>();
  private lastErrorLogAt = Number.NEGATIVE_INFINITY;
  private suppressedErrors = 0;

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly config: AppConfig,
    @InjectMetric('cache_requests_total') private readonly requests: Counter<'cache' | 'result'>,
    private readonly breaker: RedisBreaker,
  ) {}

  register(spec: CacheSpec): void {
    const existing = this.specs.get(spec.name);
    if (existing && existing !== spec)
      throw new Error(`Two @Cached methods use the cache name "${spec.name}"`);
    if (!(spec.ttl > 0) || !Number.isFinite(spec.ttl)) {
      throw new Error(`@Cached "${spec.name}": ttl must be a positive number of seconds, got ${spec.ttl}`);
    }
    if (!(spec.jitter >= 0 && spec.jitter <= 0.5)) {
      throw new Error(`@Cached "${spec.name}": jitter must be between 0 and 0.5, got ${spec.jitter}`);
    }
    this.specs.set(spec.name, spec);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  /** The Redis key of a call: `<prefix>cache:<name>:<hash of the key material>`. */
  keyFor(name: string, args: readonly unknown[]): string {
    const spec = this.spec(name);
    const material = spec.key ? (spec.key as (...a: unknown[]) => unknown)(...args) : argumentsMaterial(args);
    return this.keyForMaterial(name, material, spec.key ? 'key material' : 'arguments');
  }

  keyForMaterial(name: string, material: unknown, label = 'key material'): string {
    return this.keys.key('cache', name, hashKeyMaterial(material, label));
  }

  /** Runs `load` through the cache `name` for these arguments. */
  async wrap<T>(name: string, args: readonly unknown[], load: () => Promise<T>): Promise<T> {
    const key = this.keyFor(name, args); // a CacheKeyError reaches the caller: it is a programming error
    const joined = this.inflight.get(key);
    if (joined) {
      const flight = await joined.promise;
      this.requests.inc({ cache: name, result: flight.result });
      return (flight.payload === null ? flight.value : decodeCacheValue(flight.payload)) as T;
    }
    const pending = { evicted: false } as PendingFlight;
    pending.promise = this.lookup(this.spec(name), key, load, pending);
    this.inflight.set(key, pending);
    try {
      const flight = await pending.promise;
      this.requests.inc({ cache: name, result: flight.result });
      return flight.value as T;
    } finally {
      if (this.inflight.get(key) === pending) this.inflight.delete(key);
    }
  }

  /** Evicts the entry of cache `name` for these method arguments (the cache's `key` applies). */
  async evict(name: string, ...args: unknown[]): Promise<boolean> {
    return this.evictKey(name, this.keyFor(name, args));
  }

  /** Evicts the entry whose key material is `material` (what `@CacheEvict({ key })` returns). */
  async evictMaterial(name: string, material: unknown): Promise<boolean> {
    this.spec(name);
    return this.evictKey(name, this.keyForMaterial(name, material));
  }

  /** Evicts every entry of cache `name` with SCAN (never KEYS); returns how many keys were deleted. */
  async evictAll(name: string): Promise<number> {
    this.spec(name);
    const prefix = this.keys.key('cache', name, '');
    for (const [key, pending] of this.inflight) {
      if (key.startsWith(prefix)) {
        pending.evicted = true;
        this.inflight.delete(key);
      }
    }
    const pattern = this.keys.pattern('cache', name, '');
    const nodes = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
    let deleted = 0;
    try {
      for (const node of nodes) {
        let cursor = '0';
        do {
          const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
          cursor = next;
          // One UNLINK per key: keys of one cache may live in different cluster slots.
          const counts = await Promise.all(found.map((key) => node.unlink(key)));
          deleted += counts.reduce((sum, n) => sum + n, 0);
        } while (cursor !== '0');
      }
    } catch (error) {
      this.failed(name, 'evict all', error);
    }
    return deleted;
  }

  private spec(name: string): CacheSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`Unknown cache "${name}": no @Cached method declares it`);
    return spec;
  }

  private async evictKey(name: string, key: string): Promise<boolean> {
    const pending = this.inflight.get(key);
    if (pending) {
      pending.evicted = true;
      this.inflight.delete(key);
    }
    try {
      return (await this.withTimeout(this.redis.unlink(key))) > 0;
    } catch (error) {
      this.failed(name, 'evict', error);
      return false;
    }
  }

  private async lookup<T>(
    spec: CacheSpec,
    key: string,
    load: () => Promise<T>,
    pending: PendingFlight,
  ): Promise<Flight> {
    let redisOk = this.redisUsable();
    if (!redisOk && this.redis.status !== 'ready') {
      this.logThrottled(`Cache unavailable (Redis is ${this.redis.status}); serving uncached results`);
    }
    if (redisOk) {
      try {
        const payload = await this.withTimeout(this.redis.get(key));
        if (payload !== null) {
          try {
            return { result: 'hit', value: decodeCacheValue(payload), payload };
          } catch (error) {
            this.logThrottled(`Cache "${spec.name}": unreadable entry ignored (${(error as Error).message})`);
          }
        }
      } catch (error) {
        this.failed(spec.name, 'read', error);
        redisOk = false;
      }
    }
    const value = await load();
    let payload: string;
    try {
      payload = encodeCacheValue(value);
    } catch (error) {
      if (!(error instanceof CacheValueError)) throw error;
      this.logThrottled(`Cache "${spec.name}": result not cached: ${error.message}`);
      return { result: 'error', value, payload: null };
    }
    if (!redisOk) return { result: 'error', value, payload };
    if (pending.evicted) return { result: 'miss', value, payload };
    try {
      await this.withTimeout(this.redis.set(key, payload, 'PX', this.ttlMs(spec)));
    } catch (error) {
      this.failed(spec.name, 'write', error);
      return { result: 'error', value, payload };
    }
    return { result: 'miss', value, payload };
  }

  private ttlMs(spec: CacheSpec): number {
    return Math.max(1, Math.round(spec.ttl * 1000 * (1 - spec.jitter * Math.random())));
  }

  /** After a Redis error or timeout the shared breaker skips Redis until a PING answers again. */
  private redisUsable(): boolean {
    return !this.breaker.isOpen();
  }

  private withTimeout<T>(command: Promise<T>): Promise<T> {
    return this.breaker.run(() => command, this.config.cache.timeoutMs);
  }

  private failed(name: string, operation: string, error: unknown): void {
    if (operation !== 'read' && operation !== 'write') this.requests.inc({ cache: name, result: 'error' });
    this.logThrottled(
      `Cache unavailable (${operation} of "${name}": ${(error as Error).message}); serving uncached results`,
    );
  }

  private logThrottled(message: string): void {
    const now = Date.now();
    if (now - this.lastErrorLogAt < this.config.cache.errorLogIntervalMs) {
      this.suppressedErrors++;
      return;
    }
    const suppressed = this.suppressedErrors;
    this.lastErrorLogAt = now;
    this.suppressedErrors = 0;
    this.logger.warn(suppressed > 0 ? `${message} (${suppressed} similar errors not logged)` : message);
  }
}
