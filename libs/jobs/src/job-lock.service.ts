import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectRedis, RedisBreaker, RedisClient, RedisKeys } from '@app/redis';

// Takes the run lock and claims the tick in one step, so a tick runs once even when a quick run on one
// replica has already released the lock before a slower replica's timer fires for the same tick.
const ACQUIRE_TICK = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
  return 1
end
return -1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** How long a tick stays claimed: far longer than any clock skew between replicas. */
const TICK_CLAIM_TTL_MS = 10 * 60_000;
const REDIS_TIMEOUT_MS = 2000;

export type TickAcquisition =
  { acquired: true; token: string } | { acquired: false; reason: 'busy' | 'tick-done' };

/**
 * Redis locks of scheduled jobs: `SET NX PX` with a random token, released and renewed only by their
 * owner (Lua compare-and-delete / compare-and-expire). Keys share the job's hash tag (Redis Cluster).
 */
@Injectable()
export class JobLockService {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly breaker: RedisBreaker,
  ) {}

  lockKey(job: string): string {
    return this.keys.tagged(`job:${job}`, 'lock');
  }

  tickKey(job: string, scheduledAt: Date): string {
    return this.keys.tagged(`job:${job}`, 'tick', scheduledAt.getTime());
  }

  async acquireTick(job: string, scheduledAt: Date, ttlMs: number): Promise<TickAcquisition> {
    const token = newToken();
    const result = await this.timed(() =>
      this.redis.eval(
        ACQUIRE_TICK,
        2,
        this.lockKey(job),
        this.tickKey(job, scheduledAt),
        token,
        ttlMs,
        TICK_CLAIM_TTL_MS,
      ),
    );
    if (result === 1) return { acquired: true, token };
    return { acquired: false, reason: result === 0 ? 'tick-done' : 'busy' };
  }

  /** Takes the lock outside any tick (a manual run); null when someone holds it. */
  async acquire(job: string, ttlMs: number): Promise<string | null> {
    const token = newToken();
    const ok = await this.timed(() => this.redis.set(this.lockKey(job), token, 'PX', ttlMs, 'NX'));
    return ok === 'OK' ? token : null;
  }

  async extend(job: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.timed(() => this.redis.eval(EXTEND, 1, this.lockKey(job), token, ttlMs))) === 1;
  }

  async release(job: string, token: string): Promise<boolean> {
    return (await this.timed(() => this.redis.eval(RELEASE, 1, this.lockKey(job), token))) === 1;
  }

  async isLocked(job: string): Promise<boolean> {
    return (await this.timed(() => this.redis.exists(this.lockKey(job)))) === 1;
  }

  /** Fails closed: while Redis is unwell no lock is granted, so no job runs twice across replicas. */
  private timed<T>(command: () => Promise<T>): Promise<T> {
    return this.breaker.run(command, REDIS_TIMEOUT_MS);
  }
}

function newToken(): string {
  return randomBytes(16).toString('hex');
}
