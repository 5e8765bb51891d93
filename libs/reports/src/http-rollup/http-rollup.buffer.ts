import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { HTTP_DURATION_BUCKETS, HttpMetrics } from '@app/metrics';
import { DayRollup, HttpRollupRepository } from './http-rollup.repository';
import { addHistograms, bucketIndex, emptyHistogram } from './latency-histogram';

const FLUSH_INTERVAL_MS = 10_000;
/** Days kept in memory when PostgreSQL is down; past that the oldest day's figures are dropped. */
const MAX_PENDING_DAYS = 3;

/**
 * Counts this replica's responses per report day (REPORT_TIMEZONE) in memory and adds them to
 * `http_daily_rollup` every 10 s, so that the day's request count, 5xx rate and P95 survive without
 * Prometheus and sum across replicas. A failed flush keeps the counts for the next one. The responses
 * are those HttpMetrics records (the app's response observer: every response, 404s and body-parser
 * rejections included); in a context without HTTP (the CLI) there are none.
 */
@Injectable()
export class HttpRollupBuffer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpRollupBuffer.name);
  private pending = new Map<string, DayRollup>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private dayOfMinute = { minute: Number.NaN, day: '' };

  constructor(
    private readonly repository: HttpRollupRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly httpMetrics: HttpMetrics,
  ) {}

  onModuleInit(): void {
    this.httpMetrics.onRecord(({ statusCode, seconds }) => {
      try {
        this.record(statusCode, seconds);
      } catch {
        // A lost count, never a lost response or log line.
      }
    });
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before any module closes its connections (TypeORM closes in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(statusCode: number, seconds: number): void {
    const day = this.reportDay(this.clock.now().getTime());
    let rollup = this.pending.get(day);
    if (!rollup) {
      rollup = {
        day,
        requests: 0,
        errors5xx: 0,
        latencySumSeconds: 0,
        latency: emptyHistogram(HTTP_DURATION_BUCKETS),
      };
      this.pending.set(day, rollup);
    }
    rollup.requests++;
    if (statusCode >= 500) rollup.errors5xx++;
    rollup.latencySumSeconds += seconds;
    rollup.latency.counts[bucketIndex(HTTP_DURATION_BUCKETS, seconds)]++;
  }

  /**
   * The report day of an instant, computed once per minute: luxon's zone conversion costs a few µs,
   * which every response would pay. Zone offsets are whole minutes, so a day never starts mid-minute.
   */
  private reportDay(at: number): string {
    const minute = Math.floor(at / 60_000);
    if (minute !== this.dayOfMinute.minute) {
      const day = DateTime.fromMillis(minute * 60_000, { zone: this.config.reports.timeZone }).toISODate()!;
      this.dayOfMinute = { minute, day };
    }
    return this.dayOfMinute.day;
  }

  /** Writes the pending counts, every response finished so far included; concurrent calls share one write. */
  flush(): Promise<void> {
    this.httpMetrics.flushPending(); // first the responses still waiting in the observer's batch
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const rollup of batch.values()) {
      try {
        await this.repository.add(rollup);
      } catch (error) {
        this.logger.warn({
          message: 'Could not flush the HTTP rollup; keeping it for the next flush',
          error,
        });
        this.restore(rollup);
      }
    }
  }

  private restore(rollup: DayRollup): void {
    const current = this.pending.get(rollup.day);
    this.pending.set(
      rollup.day,
      current
        ? {
            day: rollup.day,
            requests: current.requests + rollup.requests,
            errors5xx: current.errors5xx + rollup.errors5xx,
            latencySumSeconds: current.latencySumSeconds + rollup.latencySumSeconds,
            latency: addHistograms(current.latency, rollup.latency),
          }
        : rollup,
    );
    while (this.pending.size > MAX_PENDING_DAYS) {
      const oldest = [...this.pending.keys()].sort()[0];
      this.pending.delete(oldest);
    }
  }
}
