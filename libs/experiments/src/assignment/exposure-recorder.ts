import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@app/clock';
import { Counter, InjectMetric } from '@app/metrics';
import { InjectRedis, RedisBreaker, RedisClient, RedisKeys, RedisUnavailableError } from '@app/redis';
import { ExperimentsRepository } from '../admin/experiments.repository';

const LRU_CAPACITY = 100_000;
const WARN_INTERVAL_MS = 60_000;
const REDIS_TIMEOUT_MS = 250;

/**
 * Records the first exposure of a user once, without a database write on repeated calls:
 * 1. a per-process LRU of (experiment, user) pairs already known to be stored: no I/O at all;
 * 2. the experiment's Redis set (`{exp:<key>}:exposed`, one hash-tagged key per experiment): SISMEMBER;
 * 3. on a miss, INSERT … ON CONFLICT DO NOTHING in PostgreSQL, then SADD.
 * Redis and the LRU only ever hold pairs PostgreSQL has committed, so a crash between steps loses nothing.
 * Redis down: step 2 is skipped and the insert (idempotent) decides. The counter is incremented only by
 * the insert that created the row, so it counts each exposure once across replicas.
 */
@Injectable()
export class ExposureRecorder implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExposureRecorder.name);
  private readonly known = new Map<string, true>();
  private lastWarning = 0;

  constructor(
    private readonly repository: ExperimentsRepository,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    @InjectMetric('experiment_exposures_total') private readonly exposures: Counter<string>,
    private readonly breaker: RedisBreaker,
  ) {}

  /** Running experiments' variants exist at 0 from the start, so first exposures show in rate(). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const experiment of await this.repository.list()) {
        if (experiment.status === 'running')
          this.expect(
            experiment.key,
            experiment.variants.map((v) => v.key),
          );
      }
    } catch (error) {
      this.warn(`Could not list experiments for their exposure counters: ${(error as Error).message}`);
    }
  }

  /** An experiment that starts: its variants' counters at 0 before the first exposure. */
  expect(experiment: string, variants: string[]): void {
    for (const variant of variants) this.exposures.inc({ experiment, variant }, 0);
  }

  async record(experiment: string, userId: string, variant: string): Promise<void> {
    const pair = `${experiment}\n${userId}`;
    if (this.known.has(pair)) return;
    const setKey = this.setKey(experiment);
    let stored = false;
    try {
      stored = (await this.breaker.run(() => this.redis.sismember(setKey, userId), REDIS_TIMEOUT_MS)) === 1;
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) {
        this.warn(`Redis unavailable for exposures, using PostgreSQL only: ${(error as Error).message}`);
      }
    }
    if (!stored) {
      const inserted = await this.repository.recordExposure(experiment, userId, variant, this.clock.now());
      if (inserted) this.exposures.inc({ experiment, variant });
      if (!this.breaker.isOpen()) this.redis.sadd(setKey, userId).catch(() => undefined);
    }
    this.remember(pair);
  }

  /** Drops the Redis set of a stopped experiment (no more exposures; PostgreSQL keeps them). */
  async forget(experiment: string): Promise<void> {
    await this.redis.del(this.setKey(experiment)).catch(() => undefined);
  }

  private setKey(experiment: string): string {
    return this.keys.tagged(`exp:${experiment}`, 'exposed');
  }

  private remember(pair: string): void {
    if (this.known.size >= LRU_CAPACITY) {
      // Map keeps insertion order: the first key is the least recently remembered.
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    this.known.set(pair, true);
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_INTERVAL_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}
