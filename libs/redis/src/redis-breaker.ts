import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ReplyError } from 'ioredis';
import type { RedisClient } from './redis.module';
import { withRedisTimeout } from './redis-timeout';

/** Thrown instead of sending a command while Redis is known to be unwell. */
export class RedisUnavailableError extends Error {
  constructor(reason: string) {
    super(`Redis skipped while unwell (${reason})`);
  }
}

/** How often a background PING checks whether an unwell Redis answers again. */
const PROBE_INTERVAL_MS = 500;
const PROBE_TIMEOUT_MS = 250;

/**
 * The one "Redis is unwell, skip it for a while" guard shared by every Redis caller. A timeout or a
 * connection error opens it: from then on calls fail at once (no request waits on a hung server) and a
 * background PING, not a user's request, finds out when Redis answers again. Each caller keeps its own
 * choice on failure: the cache, the rate limiter, active users and exposures fail open, the job lock
 * fails closed. An error Redis answered with (WRONGTYPE, NOSCRIPT…) proves it is alive: it does not open.
 */
export class RedisBreaker implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private openReason: string | null = null;
  private probe: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(private readonly redis: RedisClient) {}

  /** True while calls should skip Redis: the breaker is open or the client has no connection. */
  isOpen(): boolean {
    return this.openReason !== null || this.redis.status !== 'ready';
  }

  /** `command()`'s result within `timeoutMs`; fails at once while open, and opens on a failure. */
  async run<T>(command: () => Promise<T>, timeoutMs: number): Promise<T> {
    if (this.openReason !== null) throw new RedisUnavailableError(this.openReason);
    if (this.redis.status !== 'ready') throw new RedisUnavailableError(`connection ${this.redis.status}`);
    try {
      return await withRedisTimeout(command(), timeoutMs);
    } catch (error) {
      if (!(error instanceof ReplyError)) this.trip(error as Error);
      throw error;
    }
  }

  /** Opens the breaker (logged once per outage) and starts probing. */
  trip(error: Error): void {
    if (this.openReason !== null) return;
    this.openReason = error.message;
    this.logger.warn(`Redis is unwell (${error.message}): skipping it until it answers a PING again`);
    this.probe = setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  onApplicationShutdown(): void {
    this.stopProbe();
  }

  private async check(): Promise<void> {
    if (this.probing || this.redis.status !== 'ready') return;
    this.probing = true;
    try {
      await withRedisTimeout(this.redis.ping(), PROBE_TIMEOUT_MS);
      const since = this.openReason;
      this.openReason = null;
      this.stopProbe();
      this.logger.log(`Redis answers again (was: ${since}); using it`);
    } catch {
      // Still unwell: the next tick tries again.
    } finally {
      this.probing = false;
    }
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }
}
